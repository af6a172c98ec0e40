package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.RunnerMode;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobberMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JobberMetrics metrics = new JobberMetrics(registry);

    private static ActiveVersion version(UUID jobId, String label) {
        return new ActiveVersion(jobId, "job", UUID.randomUUID(), label, "./index.js", null, 24, "sha",
                new ActiveVersion.Action(UUID.randomUUID(), new ActionSettings(true, 1, 1, 60, 0, 0, 0,
                        RunnerMode.STANDARD, DockerArguments.NONE)), List.of(), 0);
    }

    @Test
    void triggerCountsGoToTheActiveVersionAndNowhereWithoutOne() {
        UUID jobId = UUID.randomUUID();
        VersionMeters first = metrics.activate(version(jobId, "1"));
        assertThat(metrics.active(jobId)).isSameAs(first);
        VersionMeters second = metrics.activate(version(jobId, "2"));
        assertThat(metrics.active(jobId)).isSameAs(second);

        metrics.deactivate(jobId);

        assertThat(metrics.active(jobId)).isSameAs(VersionMeters.NONE);
    }

    @Test
    void removesADeletedJobsSeriesOnceItsRunnersAreGone() {
        UUID jobId = UUID.randomUUID();
        VersionMeters meters = metrics.activate(version(jobId, "1"));
        meters.runnerCreated();
        meters.scheduleRan(true);
        metrics.deactivate(jobId);
        long read = System.nanoTime();

        metrics.sweep(Set.of(), read, System.nanoTime());
        assertThat(registry.scrape()).contains("jobber_trigger_cron_total");

        meters.runnerClosed(-1, null);
        metrics.sweep(Set.of(), read, System.nanoTime());
        assertThat(registry.scrape()).doesNotContain("jobber_");
    }

    @Test
    void keepsAFormerVersionsSeriesUntilTheyHaveNotChangedForAWhile() {
        UUID jobId = UUID.randomUUID();
        VersionMeters old = metrics.activate(version(jobId, "1"));
        old.scheduleRan(true);
        metrics.activate(version(jobId, "2")).scheduleRan(true);
        long now = System.nanoTime();
        metrics.sample(now);

        metrics.sweep(Set.of(jobId), now, now + JobberMetrics.LINGER.toNanos() - 1);
        assertThat(old.retired()).isFalse();

        metrics.sweep(Set.of(jobId), now, now + JobberMetrics.LINGER.toNanos());
        assertThat(old.retired()).isTrue();
        assertThat(metrics.active(jobId).retired()).isFalse();
        assertThat(registry.scrape()).contains("version=\"2\"").doesNotContain("version=\"1\"");
    }

    @Test
    void aJobPublishedAfterTheJobsWereReadIsNotTakenForDeleted() {
        long read = System.nanoTime();
        UUID jobId = UUID.randomUUID();
        VersionMeters meters = metrics.activate(version(jobId, "1"));
        metrics.deactivate(jobId);

        metrics.sweep(Set.of(), read, System.nanoTime());

        assertThat(meters.retired()).isFalse();
    }
}
