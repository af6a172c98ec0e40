package dev.jobber.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one job version, created on first use and cached, so recording costs a map lookup at most. Labels
 * that come from outside are bounded ({@link BoundedLabels}). Once retired its meters are removed and nothing is
 * recorded any more.
 */
public final class VersionMeters {

    static final double[] REQUEST_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    static final double[] QUEUE_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    static final double[] LIFECYCLE_BUCKETS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120};

    /** Records nothing: for jobs without an active version. */
    static final VersionMeters NONE = new VersionMeters(null, null, null, null, "", "");

    final UUID jobId;
    final UUID versionId;
    final String jobName;
    final String version;
    private final JobberMetrics owner;
    private final TrackedMeters meters;
    /** Without a registry (as {@link #NONE}) nothing is recorded. */
    private final boolean inert;
    private final BoundedLabels labels = new BoundedLabels();
    private final AtomicInteger activeRunners = new AtomicInteger();
    private volatile DistributionSummary startup;
    private volatile DistributionSummary shutdown;
    private final AtomicReferenceArray<TypeMeters> byType = new AtomicReferenceArray<>(TriggerType.values().length);
    private final Map<HttpKey, Counter> http = new ConcurrentHashMap<>();
    private final Map<String, Counter> topics = new ConcurrentHashMap<>();
    private volatile Counter cronSucceeded;
    private volatile Counter cronFailed;
    private volatile Counter mqttSucceeded;
    private volatile Counter mqttFailed;

    private record TypeMeters(Counter succeeded, Counter failed, Counter cold, Distribution duration,
            Distribution queueWait) {
    }

    private record HttpKey(String method, String host, String status) {
    }

    /** Sampler state: the sum of all readings when last sampled, and when it last changed. */
    double lastTotal = -1;
    final long createdNanos = System.nanoTime();
    long lastChangeNanos = createdNanos;

    VersionMeters(MeterRegistry registry, JobberMetrics owner, UUID jobId, UUID versionId, String jobName,
            String version) {
        this.owner = owner;
        this.jobId = jobId;
        this.versionId = versionId;
        this.jobName = jobName;
        this.version = version;
        this.meters = new TrackedMeters(registry, jobId, jobName, version);
        this.inert = registry == null;
    }

    // --- runners ---

    /** A runner of this version was created; it counts as active until {@link #runnerClosed}. */
    public void runnerCreated() {
        activeRunners.incrementAndGet();
        if (startup == null) {
            meters.create(this::lifecycleMeters);
        }
    }

    /** A runner became ready {@code nanos} after it was created. */
    public void runnerReady(long nanos) {
        DistributionSummary summary = startup;
        if (summary != null) {
            summary.record(seconds(nanos));
        }
    }

    /**
     * A runner is gone; {@code shutdownNanos} is how long it took since it was retired, or negative if it was not;
     * {@code lastRequestAt} is when it last received an event, null if never.
     */
    public void runnerClosed(long shutdownNanos, Instant lastRequestAt) {
        activeRunners.decrementAndGet();
        if (owner != null && lastRequestAt != null) {
            owner.requestSeen(lastRequestAt);
        }
        DistributionSummary summary = shutdown;
        if (summary != null && shutdownNanos >= 0) {
            summary.record(seconds(shutdownNanos));
        }
    }

    int activeRunners() {
        return activeRunners.get();
    }

    // --- requests ---

    /** An event reached a runner after waiting {@code waitNanos}; {@code cold}: it waited for that runner to start. */
    public void dispatched(TriggerType type, long waitNanos, boolean cold) {
        TypeMeters typed = type(type);
        if (typed != null) {
            typed.queueWait.record(seconds(waitNanos));
            if (cold) {
                typed.cold.increment();
            }
        }
    }

    /**
     * An event finished: answered ({@code success}) or failed. {@code runNanos} is how long its runner had it, negative
     * when it never reached one.
     */
    public void finished(TriggerType type, boolean success, long runNanos) {
        TypeMeters typed = type(type);
        if (typed != null) {
            (success ? typed.succeeded : typed.failed).increment();
            if (runNanos >= 0) {
                typed.duration.record(seconds(runNanos));
            }
        }
    }

    // --- triggers ---

    /**
     * The gateway answered a request of one of this version's HTTP triggers with {@code status}; {@code configuredHost}
     * is the trigger's hostname (null when it has none) and {@code requestHost} the Host header.
     */
    public void httpAnswered(String method, String configuredHost, String requestHost, int status) {
        if (inert) {
            return;
        }
        invoked(status >= 500);
        HttpKey key = new HttpKey(BoundedLabels.method(method), labels.host(configuredHost, requestHost),
                BoundedLabels.status(status));
        Counter counter = http.get(key);
        if (counter == null) {
            counter = meters.create(() -> http.computeIfAbsent(key, k -> meters.counter("jobber.trigger.http",
                    "Requests the gateway answered for an HTTP trigger", JobMetric.TRIGGER_HTTP_TOTAL,
                    Map.of("status_code", k.status, "request_method", k.method, "request_host", k.host))));
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** A schedule tick ran, and the function handled it or not. */
    public void scheduleRan(boolean success) {
        invoked(!success);
        Counter counter = success ? cronSucceeded : cronFailed;
        if (counter == null) {
            meters.create(this::triggerCounters);
            counter = success ? cronSucceeded : cronFailed;
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** An MQTT message was handled, or given up on after its attempts. */
    public void mqttHandled(boolean success) {
        invoked(!success);
        Counter counter = success ? mqttSucceeded : mqttFailed;
        if (counter == null) {
            meters.create(this::triggerCounters);
            counter = success ? mqttSucceeded : mqttFailed;
        }
        if (counter != null) {
            counter.increment();
        }
    }

    private void invoked(boolean failed) {
        if (owner != null) {
            owner.invoked(jobId, failed);
        }
    }

    /** The function published an MQTT message that was handed to the broker. */
    public void mqttPublished(String topic) {
        if (inert) {
            return;
        }
        String label = labels.topic(topic);
        Counter counter = topics.get(label);
        if (counter == null) {
            counter = meters.create(() -> topics.computeIfAbsent(label, t -> meters.counter(
                    "jobber.trigger.mqtt.publish", "MQTT messages functions published",
                    JobMetric.TRIGGER_MQTT_PUBLISH_TOTAL, Map.of("topic", t))));
        }
        if (counter != null) {
            counter.increment();
        }
    }

    // --- registration, each group under the lock of the tracked meters ---

    private TypeMeters type(TriggerType type) {
        if (type == null || inert) {
            return null;
        }
        TypeMeters typed = byType.get(type.ordinal());
        return typed != null ? typed : meters.create(() -> createType(type));
    }

    private TypeMeters createType(TriggerType type) {
        TypeMeters existing = byType.get(type.ordinal());
        if (existing != null) {
            return existing;
        }
        Map<String, String> typeLabel = Map.of("trigger_type", type.label);
        TypeMeters typed = new TypeMeters(requests(type, "1"), requests(type, "0"),
                meters.counter("jobber.runner.cold.starts",
                        "Events that waited for a runner started for them (cold starts)", JobMetric.RUNNER_COLD_STARTS,
                        typeLabel),
                meters.distribution("jobber.runner.request.duration", "Seconds from handing an event to a runner to its "
                        + "answer", REQUEST_BUCKETS, JobMetric.RUNNER_REQUEST_DURATION, typeLabel),
                meters.distribution("jobber.runner.queue.wait.duration", "Seconds an event waited for a runner",
                        QUEUE_BUCKETS, JobMetric.RUNNER_QUEUE_WAIT, typeLabel));
        byType.set(type.ordinal(), typed);
        return typed;
    }

    private Counter requests(TriggerType type, String success) {
        return meters.counter("jobber.runner.requests", "Events handed to runners, by outcome",
                JobMetric.RUNNER_REQUESTS_TOTAL, Map.of("trigger_type", type.label, "success", success));
    }

    private Void lifecycleMeters() {
        if (startup == null) {
            meters.gauge("jobber.active.runners", "Runners of the version that are starting, ready or closing",
                    activeRunners, AtomicInteger::get, JobMetric.ACTIVE_RUNNERS);
            shutdown = meters.summary("jobber.runner.shutdown.duration", "Seconds from retiring a runner to its end",
                    LIFECYCLE_BUCKETS, JobMetric.RUNNER_SHUTDOWN_DURATION, Map.of());
            startup = meters.summary("jobber.runner.startup.duration",
                    "Seconds from creating a runner to it being ready", LIFECYCLE_BUCKETS,
                    JobMetric.RUNNER_STARTUP_DURATION, Map.of());
        }
        return null;
    }

    private Void triggerCounters() {
        if (cronSucceeded == null) {
            cronFailed = triggerCounter("jobber.trigger.cron", "Schedule ticks run", JobMetric.TRIGGER_CRON_TOTAL, "0");
            cronSucceeded = triggerCounter("jobber.trigger.cron", "Schedule ticks run", JobMetric.TRIGGER_CRON_TOTAL,
                    "1");
            mqttFailed = triggerCounter("jobber.trigger.mqtt", "MQTT messages handled", JobMetric.TRIGGER_MQTT_TOTAL,
                    "0");
            mqttSucceeded = triggerCounter("jobber.trigger.mqtt", "MQTT messages handled",
                    JobMetric.TRIGGER_MQTT_TOTAL, "1");
        }
        return null;
    }

    private Counter triggerCounter(String name, String description, JobMetric metric, String success) {
        return meters.counter(name, description, metric, Map.of("success", success));
    }

    // --- sampling and removal ---

    /** The current value of every series the per-job metrics chart. */
    List<Reading> readings() {
        return meters.readings();
    }

    /** Removes every meter; later recordings are ignored. */
    void retire() {
        meters.retire();
    }

    boolean retired() {
        return meters.retired();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
