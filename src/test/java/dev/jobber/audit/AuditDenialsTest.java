package dev.jobber.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditDenialsTest {

    private final MutableClock clock = new MutableClock();
    private final AuditDenials denials = new AuditDenials(3, clock);

    @Test
    void recordsUpToTheBudgetPerAddressAndMinuteAndCountsTheRest() {
        for (int i = 0; i < 3; i++) {
            assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).hasValue(0);
        }
        assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).isEmpty();
        assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).as("the next one carries the count").hasValue(2);
        assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).hasValue(0);
    }

    @Test
    void boundsAnonymousRefusalsFromAllAddressesTogether() {
        int recorded = 0;
        for (int i = 0; i < 1000; i++) {
            if (denials.admit(Actor.ANONYMOUS, "10.0." + i / 256 + "." + i % 256).isPresent()) {
                recorded++;
            }
        }
        assertThat(recorded).isEqualTo(3 * AuditDenials.ANONYMOUS_FACTOR);
    }

    @Test
    void keepsTheBudgetOfEachCallerApartFromAnonymousOnes() {
        Actor token = Actor.token(UUID.randomUUID(), UUID.randomUUID(), "ci");
        for (int i = 0; i < 3; i++) {
            assertThat(denials.admit(Actor.ANONYMOUS, "10.0.0.1")).isPresent();
        }
        OptionalInt first = denials.admit(token, "10.0.0.1");
        assertThat(first).hasValue(0);
        denials.admit(token, "10.0.0.1");
        denials.admit(token, "10.0.0.1");
        assertThat(denials.admit(token, "10.0.0.1")).isEmpty();
        assertThat(denials.admit(Actor.user(UUID.randomUUID(), "other"), "10.0.0.1")).hasValue(0);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
