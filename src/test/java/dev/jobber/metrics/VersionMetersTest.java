package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VersionMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VersionMeters meters = new VersionMeters(registry, null, UUID.randomUUID(), UUID.randomUUID(),
            "job", "1.0.0");

    private Set<String> tagValues(String meter, String tag) {
        return registry.find(meter).counters().stream().map(c -> c.getId().getTag(tag)).collect(Collectors.toSet());
    }

    @Test
    void keepsTheConfiguredHostnameAndTheFirstSixteenOthersThenCountsTheRestAsOther() {
        meters.httpAnswered("GET", "API.example.com", "api.example.com:8080", 200);
        for (int i = 0; i < 20; i++) {
            meters.httpAnswered("GET", null, "host-" + i + ".test", 200);
        }
        meters.httpAnswered("GET", null, "x".repeat(300), 200);

        Set<String> hosts = tagValues("jobber.trigger.http", "request_host");
        assertThat(hosts).hasSize(1 + BoundedLabels.MAX_HOSTS + 1).contains("api.example.com", "host-0.test",
                "host-15.test", "other").doesNotContain("host-16.test");
        assertThat(registry.find("jobber.trigger.http").tag("request_host", "other").counter().count()).isEqualTo(5);
    }

    @Test
    void boundsMethodsAndStatusCodes() {
        meters.httpAnswered("get", "h", null, 200);
        meters.httpAnswered("PROPFIND", "h", null, 207);
        meters.httpAnswered("DELETE", "h", null, 999);

        assertThat(tagValues("jobber.trigger.http", "request_method")).containsExactlyInAnyOrder("GET", "other",
                "DELETE");
        assertThat(tagValues("jobber.trigger.http", "status_code")).containsExactlyInAnyOrder("200", "207", "other");
    }

    @Test
    void keepsTheFirstThirtyTwoPublishTopicsAndCountsTheRestAsOther() {
        for (int i = 0; i < 40; i++) {
            meters.mqttPublished("out/" + i);
        }
        meters.mqttPublished("t".repeat(200));

        assertThat(tagValues("jobber.trigger.mqtt.publish", "topic")).hasSize(BoundedLabels.MAX_TOPICS + 1)
                .contains("out/0", "out/31", "other");
        assertThat(registry.find("jobber.trigger.mqtt.publish").tag("topic", "other").counter().count())
                .isEqualTo(9);
    }

    @Test
    void countsColdStartsAndOutcomesPerTriggerTypeWithDurationsInSeconds() {
        meters.dispatched(TriggerType.SCHEDULE, 2_000_000_000L, true);
        meters.finished(TriggerType.SCHEDULE, true, 500_000_000L);
        meters.finished(TriggerType.SCHEDULE, false, -1);

        assertThat(registry.find("jobber.runner.cold.starts").tag("trigger_type", "schedule").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("jobber.runner.queue.wait.duration").summary().totalAmount()).isEqualTo(2.0);
        assertThat(registry.find("jobber.runner.request.duration").summary().totalAmount()).isEqualTo(0.5);
        assertThat(registry.find("jobber.runner.request.duration").summary().count()).isEqualTo(1);
        assertThat(registry.find("jobber.runner.requests").tag("success", "0").counter().count()).isEqualTo(1);
        assertThat(registry.find("jobber.runner.requests").tag("success", "1").counter().count()).isEqualTo(1);
        assertThat(registry.find("jobber.runner.requests").tag("trigger_type", "http").counters()).isEmpty();
    }

    @Test
    void readsItsSeriesWithThePanelsLabels() {
        meters.runnerCreated();
        meters.httpAnswered("GET", "h", null, 200);
        meters.finished(TriggerType.HTTP, true, 1_000_000_000L);

        meters.dispatched(TriggerType.HTTP, 3_000_000_000L, true);

        List<Reading> readings = meters.readings();
        assertThat(readings).usingRecursiveFieldByFieldElementComparatorIgnoringFields("buckets").contains(
                new Reading(meters.jobId, "1.0.0", JobMetric.TRIGGER_HTTP_TOTAL, "200 GET h", 1, 0),
                new Reading(meters.jobId, "1.0.0", JobMetric.RUNNER_REQUESTS_TOTAL, "http, status 1", 1, 0),
                new Reading(meters.jobId, "1.0.0", JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 1, 1.0),
                new Reading(meters.jobId, "1.0.0", JobMetric.RUNNER_QUEUE_WAIT, "job @ 1.0.0", 1, 3.0),
                new Reading(meters.jobId, "1.0.0", JobMetric.RUNNER_COLD_STARTS, "http", 1, 0),
                new Reading(meters.jobId, "1.0.0", JobMetric.ACTIVE_RUNNERS, "job @ 1.0.0", 1, 0));
    }

    @Test
    void readsTheBucketsOfDistributionsOnly() {
        meters.runnerCreated();
        meters.runnerReady(500_000_000L);
        meters.finished(TriggerType.HTTP, true, 300_000_000L);

        Reading duration = meters.readings().stream().filter(r -> r.metric() == JobMetric.RUNNER_REQUEST_DURATION)
                .findFirst().orElseThrow();
        assertThat(duration.buckets().bounds()).containsExactly(VersionMeters.REQUEST_BUCKETS);
        // 0.3 s is above the 0.25 bound and within 0.5 (Micrometer's own buckets would count it at 1).
        int quarter = java.util.Arrays.binarySearch(VersionMeters.REQUEST_BUCKETS, 0.25);
        assertThat(duration.buckets().cumulative()[quarter]).isZero();
        assertThat(duration.buckets().cumulative()[quarter + 1]).isEqualTo(1);
        assertThat(meters.readings()).filteredOn(r -> r.metric() == JobMetric.RUNNER_STARTUP_DURATION)
                .singleElement().extracting(Reading::buckets).isNull();
    }

    @Test
    void removesEveryMeterWhenRetiredAndRecordsNothingAfterwards() {
        meters.runnerCreated();
        meters.httpAnswered("GET", "h", null, 200);
        meters.scheduleRan(true);
        assertThat(registry.getMeters()).isNotEmpty();

        meters.retire();
        meters.httpAnswered("GET", "h", null, 500);
        meters.mqttPublished("t");
        meters.finished(TriggerType.MQTT, true, 1);

        assertThat(registry.getMeters()).isEmpty();
        assertThat(meters.readings()).isEmpty();
    }

    @Test
    void theMetersOfAJobWithoutActiveVersionRecordNothing() {
        VersionMeters.NONE.runnerCreated();
        VersionMeters.NONE.httpAnswered("GET", null, "h", 200);
        VersionMeters.NONE.scheduleRan(true);
        VersionMeters.NONE.finished(TriggerType.HTTP, true, 1);
        VersionMeters.NONE.runnerClosed(1, null);

        assertThat(VersionMeters.NONE.readings()).isEmpty();
    }
}
