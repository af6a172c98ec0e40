package dev.jobber.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.common.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void blocksAUsernameAfterFiveFailuresUntilTheWindowPasses() {
        for (int i = 0; i < LoginThrottle.PER_USER; i++) {
            assertThatCode(() -> throttle.check("Alice", "10.0.0." + 1)).doesNotThrowAnyException();
            throttle.failed("alice", "10.0.0.1");
        }
        assertThatThrownBy(() -> throttle.check("ALICE", "10.0.0.2"))
                .isInstanceOf(TooManyRequestsException.class).hasMessageContaining("try again in 900 seconds");
        now = now.plus(LoginThrottle.WINDOW).plusSeconds(1);
        assertThatCode(() -> throttle.check("alice", "10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void blocksAnAddressTryingManyUsernames() {
        for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThatThrownBy(() -> throttle.check("someone-else", "10.0.0.9"))
                .isInstanceOf(TooManyRequestsException.class);
        assertThatCode(() -> throttle.check("someone-else", "10.0.0.10")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessfulLoginClearsTheUsernamesFailures() {
        for (int i = 0; i < LoginThrottle.PER_USER - 1; i++) {
            throttle.failed("bob", "10.0.0.3");
        }
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.3");
        now = now.plus(Duration.ofSeconds(1));
        assertThatCode(() -> throttle.check("bob", "10.0.0.3")).doesNotThrowAnyException();
    }
}
