package dev.jobber.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Duration INITIAL = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(8);

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, INITIAL, MAX);

    @Test
    void eachFailureOfAUsernameDoublesTheWaitUpToTheCap() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(throttle.reserve(i % 2 == 0 ? "Alice" : "ALICE", "10.0.0." + i).delay().toMillis());
        }
        assertThat(delays).containsExactly(0L, 250L, 500L, 1000L, 2000L, 4000L, 8000L, 8000L);
        now = now.plus(LoginThrottle.WINDOW).plusSeconds(1);
        assertThat(throttle.reserve("alice", "10.0.0.1").delay()).isZero();
    }

    @Test
    void anAddressTryingManyUsernamesIsSlowedDownAfterItsAllowance() {
        for (int i = 0; i < LoginThrottle.ADDRESS_ALLOWANCE; i++) {
            assertThat(throttle.reserve("user" + i, "10.0.0.9").delay()).isZero();
        }
        assertThat(throttle.reserve("someone", "10.0.0.9").delay()).isZero();
        assertThat(throttle.reserve("someone-else", "10.0.0.9").delay()).isEqualTo(INITIAL);
        assertThat(throttle.reserve("a-third", "10.0.0.10").delay()).isZero();
    }

    @Test
    void theRightPasswordClearsTheUsernameAndTakesItsOwnCountBackFromTheAddress() {
        throttle.reserve("bob", "10.0.0.3");
        throttle.reserve("bob", "10.0.0.3");
        LoginThrottle.Attempt right = throttle.reserve("bob", "10.0.0.3");
        assertThat(right.delay()).isEqualTo(Duration.ofMillis(500));
        throttle.succeeded(right);
        assertThat(throttle.recentFailures("bob")).isZero();
        assertThat(throttle.recentAddressFailures("10.0.0.3")).isEqualTo(2);
        assertThat(throttle.reserve("bob", "10.0.0.3").delay()).isZero();
    }

    @Test
    void concurrentAttemptsAreEachCountedBeforeTheNextOneIsDelayed() throws Exception {
        int attempts = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Long>> delays = IntStream.range(0, attempts).mapToObj(i -> pool.submit(() -> {
                start.await();
                return throttle.reserve("carol", "10.0.1." + i).delay().toMillis();
            })).toList();
            start.countDown();
            List<Long> seen = new ArrayList<>();
            for (Future<Long> delay : delays) {
                seen.add(delay.get());
            }
            List<Long> expected = IntStream.range(0, attempts).mapToObj(i -> throttle.delay(i).toMillis()).toList();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(throttle.recentFailures("carol")).isEqualTo(attempts);
        } finally {
            pool.shutdownNow();
        }
    }
}
