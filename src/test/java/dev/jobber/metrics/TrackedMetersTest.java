package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackedMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrackedMeters meters = new TrackedMeters(registry, UUID.randomUUID(), "job", "1.0.0");

    @Test
    void registersEachMeterUnderTheVersionsTagsAndItsOwnLabels() {
        meters.create(() -> meters.counter("c", "d", JobMetric.TRIGGER_CRON_TOTAL, Map.of("success", "1")));

        assertThat(registry.find("c").tags("job_name", "job", "version", "1.0.0", "success", "1").counter())
                .isNotNull();
    }

    @Test
    void registersNothingOnceRetired() {
        meters.create(() -> meters.counter("c", "d", null, Map.of()));
        meters.retire();

        assertThat(meters.create(() -> meters.counter("late", "d", null, Map.of()))).isNull();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(meters.retired()).isTrue();
    }

    @Test
    void readsOnlyTheMetersThatFeedAChart() {
        meters.create(() -> meters.counter("charted", "d", JobMetric.TRIGGER_CRON_TOTAL, Map.of("success", "1")))
                .increment();
        meters.create(() -> meters.counter("uncharted", "d", null, Map.of()));

        assertThat(meters.readings()).extracting(Reading::metric).containsExactly(JobMetric.TRIGGER_CRON_TOTAL);
    }

    @Test
    void withoutARegistryCountsAsRetiredFromTheStart() {
        TrackedMeters none = new TrackedMeters(null, null, "", "");

        assertThat(none.create(() -> "registered")).isNull();
        assertThat(none.readings()).isEmpty();
    }
}
