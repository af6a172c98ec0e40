package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobActivityTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000);
    private final JobActivity activity = new JobActivity(now::get);
    private final UUID job = UUID.randomUUID();

    @Test
    void countsTheInvocationsAndFailuresOfTheLastHour() {
        activity.invoked(job, false);
        now.addAndGet(30 * 60);
        activity.invoked(job, true);
        activity.invoked(job, false);

        assertThat(activity.lastHour(job)).isEqualTo(new JobActivity.Summary(3, 1, now.get()));

        now.addAndGet(31 * 60);
        assertThat(activity.lastHour(job)).isEqualTo(new JobActivity.Summary(2, 1, now.get() - 31 * 60));
        now.addAndGet(60 * 60);
        assertThat(activity.lastHour(job).requests()).isZero();
        assertThat(activity.lastHour(job).lastRequestAt()).isNotNull();
    }

    @Test
    void aJobNeverInvokedHasNoLastRequest() {
        assertThat(activity.lastHour(job)).isEqualTo(new JobActivity.Summary(0, 0, null));
    }

    @Test
    void forgetsJobsThatNoLongerExistUnlessInvokedSinceTheyWereRead() {
        UUID deleted = UUID.randomUUID();
        activity.invoked(deleted, false);
        activity.invoked(job, false);
        now.addAndGet(10);
        UUID published = UUID.randomUUID();
        activity.invoked(published, false);

        activity.retain(Set.of(job), now.get());

        assertThat(activity.lastHour(deleted).requests()).isZero();
        assertThat(activity.lastHour(job).requests()).isEqualTo(1);
        assertThat(activity.lastHour(published).requests()).isEqualTo(1);
    }
}
