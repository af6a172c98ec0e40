package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentErrorsTest {

    private final RecentErrors errors = new RecentErrors();

    @Test
    void keepsTheLatestFailuresNewestFirst() {
        UUID job = UUID.randomUUID();
        for (int i = 0; i < RecentErrors.CAPACITY + 5; i++) {
            errors.record(job, "job", RecentErrors.Kind.REQUEST, "failure " + i);
        }

        assertThat(errors.newest(3, id -> true)).extracting(RecentErrors.Failure::message)
                .containsExactly("failure 204", "failure 203", "failure 202");
        assertThat(errors.newest(1000, id -> true)).hasSize(RecentErrors.CAPACITY)
                .last().extracting(RecentErrors.Failure::message).isEqualTo("failure 5");
    }

    @Test
    void showsOnlyTheJobsTheCallerMaySee() {
        UUID mine = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        errors.record(mine, "mine", RecentErrors.Kind.RUNNER, "crashed");
        errors.record(other, "other", RecentErrors.Kind.TRIGGER, "lost");

        assertThat(errors.newest(10, mine::equals)).extracting(RecentErrors.Failure::jobName).containsExactly("mine");
    }

    @Test
    void cutsLongMessages() {
        errors.record(UUID.randomUUID(), "job", RecentErrors.Kind.RUNNER, "x".repeat(10_000));

        assertThat(errors.newest(1, id -> true).getFirst().message()).hasSize(RecentErrors.MAX_MESSAGE + 1);
    }

    @Test
    void answersNothingWhenEmpty() {
        assertThat(errors.newest(20, id -> true)).isEmpty();
    }
}
