package dev.jobber.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one job version, created on first use and cached, so recording costs a map lookup at most. Labels
 * that come from outside are bounded: request methods to the standard ones, hosts to those configured in triggers or
 * the first {@value #MAX_HOSTS} seen, topics to the first {@value #MAX_TOPICS}; the rest count as {@code other}.
 * Once retired its meters are removed and nothing is recorded any more.
 */
public final class VersionMeters {

    static final int MAX_HOSTS = 16;
    static final int MAX_TOPICS = 32;
    static final int MAX_LABEL_LENGTH = 128;
    static final String OTHER = "other";

    static final double[] REQUEST_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    static final double[] QUEUE_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    static final double[] LIFECYCLE_BUCKETS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120};
    private static final String[] STATUS = new String[600];

    static {
        for (int status = 100; status < STATUS.length; status++) {
            STATUS[status] = Integer.toString(status);
        }
    }

    /** Records nothing: for jobs without an active version. */
    static final VersionMeters NONE = new VersionMeters(null, null, null, null, "", "");

    final UUID jobId;
    final UUID versionId;
    final String jobName;
    final String version;
    private final MeterRegistry registry;
    private final JobberMetrics owner;
    private final Tags tags;
    private final AtomicInteger activeRunners = new AtomicInteger();
    /** Every meter registered, for removal and for sampling; guarded by this. */
    private final List<Tracked> tracked = new ArrayList<>();
    private boolean retired;
    private volatile DistributionSummary startup;
    private volatile DistributionSummary shutdown;
    private final AtomicReferenceArray<TypeMeters> byType = new AtomicReferenceArray<>(TriggerType.values().length);
    private final Map<HttpKey, Counter> http = new ConcurrentHashMap<>();
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> topics = new ConcurrentHashMap<>();
    private volatile Counter cronSucceeded;
    private volatile Counter cronFailed;
    private volatile Counter mqttSucceeded;
    private volatile Counter mqttFailed;

    private record Tracked(Meter meter, JobMetric metric, Map<String, String> labels) {
    }

    private record TypeMeters(Counter succeeded, Counter failed, Counter cold, DistributionSummary duration,
            DistributionSummary queueWait) {
    }

    private record HttpKey(String method, String host, String status) {
    }

    /** Sampler state: the sum of all readings when last sampled, and when it last changed. */
    double lastTotal = -1;
    final long createdNanos = System.nanoTime();
    long lastChangeNanos = createdNanos;

    VersionMeters(MeterRegistry registry, JobberMetrics owner, UUID jobId, UUID versionId, String jobName,
            String version) {
        this.registry = registry;
        this.owner = owner;
        this.jobId = jobId;
        this.versionId = versionId;
        this.jobName = jobName;
        this.version = version;
        this.tags = Tags.of("job_name", jobName, "job_id", String.valueOf(jobId), "version", version);
        this.retired = registry == null;
    }

    // --- runners ---

    /** A runner of this version was created; it counts as active until {@link #runnerClosed}. */
    public void runnerCreated() {
        activeRunners.incrementAndGet();
        if (startup == null) {
            lifecycleMeters();
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
    public void runnerClosed(long shutdownNanos, java.time.Instant lastRequestAt) {
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
        TypeMeters meters = type(type);
        if (meters != null) {
            meters.queueWait.record(seconds(waitNanos));
            if (cold) {
                meters.cold.increment();
            }
        }
    }

    /**
     * An event finished: answered ({@code success}) or failed. {@code runNanos} is how long its runner had it, negative
     * when it never reached one.
     */
    public void finished(TriggerType type, boolean success, long runNanos) {
        TypeMeters meters = type(type);
        if (meters != null) {
            (success ? meters.succeeded : meters.failed).increment();
            if (runNanos >= 0) {
                meters.duration.record(seconds(runNanos));
            }
        }
    }

    // --- triggers ---

    /**
     * The gateway answered a request of one of this version's HTTP triggers with {@code status}; {@code configuredHost}
     * is the trigger's hostname (null when it has none) and {@code requestHost} the Host header.
     */
    public void httpAnswered(String method, String configuredHost, String requestHost, int status) {
        if (registry == null) {
            return;
        }
        HttpKey key = new HttpKey(method(method), host(configuredHost, requestHost),
                status >= 100 && status < STATUS.length ? STATUS[status] : OTHER);
        Counter counter = http.get(key);
        if (counter == null) {
            counter = register(http, key, () -> Counter.builder("jobber.trigger.http")
                    .description("Requests the gateway answered for an HTTP trigger")
                    .tags(tags).tags("request_method", key.method, "request_host", key.host, "status_code", key.status)
                    .register(registry), JobMetric.TRIGGER_HTTP_TOTAL,
                    Map.of("status_code", key.status, "request_method", key.method, "request_host", key.host));
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** A schedule tick ran, and the function handled it or not. */
    public void scheduleRan(boolean success) {
        Counter counter = success ? cronSucceeded : cronFailed;
        if (counter == null) {
            triggerCounters();
            counter = success ? cronSucceeded : cronFailed;
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** An MQTT message was handled, or given up on after its attempts. */
    public void mqttHandled(boolean success) {
        Counter counter = success ? mqttSucceeded : mqttFailed;
        if (counter == null) {
            triggerCounters();
            counter = success ? mqttSucceeded : mqttFailed;
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** The function published an MQTT message that was handed to the broker. */
    public void mqttPublished(String topic) {
        if (registry == null) {
            return;
        }
        String label = topic == null || topic.isEmpty() || topic.length() > MAX_LABEL_LENGTH ? OTHER : topic;
        Counter counter = topics.get(label);
        if (counter == null) {
            if (topics.size() >= MAX_TOPICS) {
                label = OTHER;
            }
            String bounded = label;
            counter = register(topics, bounded, () -> Counter.builder("jobber.trigger.mqtt.publish")
                    .description("MQTT messages functions published").tags(tags).tag("topic", bounded)
                    .register(registry), JobMetric.TRIGGER_MQTT_PUBLISH_TOTAL, Map.of("topic", bounded));
        }
        if (counter != null) {
            counter.increment();
        }
    }

    // --- bounded labels ---

    static String method(String method) {
        if (method == null) {
            return OTHER;
        }
        String known = standardMethod(method);
        if (known == null) {
            known = standardMethod(method.toUpperCase(Locale.ROOT));
        }
        return known != null ? known : OTHER;
    }

    private static String standardMethod(String method) {
        return switch (method) {
            case "GET" -> "GET";
            case "HEAD" -> "HEAD";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "PATCH" -> "PATCH";
            case "OPTIONS" -> "OPTIONS";
            case "CONNECT" -> "CONNECT";
            case "TRACE" -> "TRACE";
            default -> null;
        };
    }

    String host(String configuredHost, String requestHost) {
        if (configuredHost != null) {
            return configuredHost.toLowerCase(Locale.ROOT);
        }
        if (requestHost == null || requestHost.isEmpty()) {
            return "";
        }
        if (requestHost.length() > MAX_LABEL_LENGTH) {
            return OTHER;
        }
        String host = requestHost.toLowerCase(Locale.ROOT);
        if (hosts.contains(host)) {
            return host;
        }
        synchronized (hosts) {
            if (hosts.size() < MAX_HOSTS) {
                hosts.add(host);
                return host;
            }
        }
        return OTHER;
    }

    // --- registration ---

    private TypeMeters type(TriggerType type) {
        if (type == null || registry == null) {
            return null;
        }
        TypeMeters meters = byType.get(type.ordinal());
        return meters != null ? meters : createType(type);
    }

    private synchronized TypeMeters createType(TriggerType type) {
        TypeMeters existing = byType.get(type.ordinal());
        if (existing != null || retired) {
            return existing;
        }
        Tags typed = tags.and("trigger_type", type.label);
        Map<String, String> labels = Map.of("trigger_type", type.label);
        TypeMeters meters = new TypeMeters(
                track(requests(typed, "1"), JobMetric.RUNNER_REQUESTS_TOTAL, Map.of("trigger_type", type.label,
                        "success", "1")),
                track(requests(typed, "0"), JobMetric.RUNNER_REQUESTS_TOTAL, Map.of("trigger_type", type.label,
                        "success", "0")),
                track(Counter.builder("jobber.runner.cold.starts")
                        .description("Events that waited for a runner started for them (cold starts)")
                        .tags(typed).register(registry), null, labels),
                track(summary("jobber.runner.request.duration", "Seconds from handing an event to a runner to its "
                        + "answer", REQUEST_BUCKETS, typed), JobMetric.RUNNER_REQUEST_DURATION, labels),
                track(summary("jobber.runner.queue.wait.duration", "Seconds an event waited for a runner",
                        QUEUE_BUCKETS, typed), null, labels));
        byType.set(type.ordinal(), meters);
        return meters;
    }

    private Counter requests(Tags typed, String success) {
        return Counter.builder("jobber.runner.requests").description("Events handed to runners, by outcome")
                .tags(typed).tag("success", success).register(registry);
    }

    private synchronized void lifecycleMeters() {
        if (retired || startup != null) {
            return;
        }
        track(Gauge.builder("jobber.active.runners", activeRunners, AtomicInteger::get)
                .description("Runners of the version that are starting, ready or closing").tags(tags)
                .register(registry), JobMetric.ACTIVE_RUNNERS, Map.of());
        shutdown = track(summary("jobber.runner.shutdown.duration", "Seconds from retiring a runner to its end",
                LIFECYCLE_BUCKETS, tags), JobMetric.RUNNER_SHUTDOWN_DURATION, Map.of());
        startup = track(summary("jobber.runner.startup.duration", "Seconds from creating a runner to it being ready",
                LIFECYCLE_BUCKETS, tags), JobMetric.RUNNER_STARTUP_DURATION, Map.of());
    }

    private synchronized void triggerCounters() {
        if (retired || cronSucceeded != null) {
            return;
        }
        cronFailed = track(triggerCounter("jobber.trigger.cron", "Schedule ticks run", "0"),
                JobMetric.TRIGGER_CRON_TOTAL, Map.of("success", "0"));
        cronSucceeded = track(triggerCounter("jobber.trigger.cron", "Schedule ticks run", "1"),
                JobMetric.TRIGGER_CRON_TOTAL, Map.of("success", "1"));
        mqttFailed = track(triggerCounter("jobber.trigger.mqtt", "MQTT messages handled", "0"),
                JobMetric.TRIGGER_MQTT_TOTAL, Map.of("success", "0"));
        mqttSucceeded = track(triggerCounter("jobber.trigger.mqtt", "MQTT messages handled", "1"),
                JobMetric.TRIGGER_MQTT_TOTAL, Map.of("success", "1"));
    }

    private Counter triggerCounter(String name, String description, String success) {
        return Counter.builder(name).description(description).tags(tags).tag("success", success).register(registry);
    }

    private DistributionSummary summary(String name, String description, double[] buckets, Tags summaryTags) {
        return DistributionSummary.builder(name).description(description).serviceLevelObjectives(buckets)
                .tags(summaryTags).register(registry);
    }

    private <K> Counter register(Map<K, Counter> cache, K key, java.util.function.Supplier<Counter> create,
            JobMetric metric, Map<String, String> labels) {
        synchronized (this) {
            if (retired) {
                return null;
            }
            Counter existing = cache.get(key);
            if (existing != null) {
                return existing;
            }
            Counter counter = track(create.get(), metric, labels);
            cache.put(key, counter);
            return counter;
        }
    }

    private <M extends Meter> M track(M meter, JobMetric metric, Map<String, String> labels) {
        tracked.add(new Tracked(meter, metric, labels));
        return meter;
    }

    // --- sampling and removal ---

    /** The current value of every series the per-job metrics chart. */
    synchronized List<Reading> readings() {
        List<Reading> readings = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            if (t.metric == null) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>(t.labels);
            labels.put("job_name", jobName);
            labels.put("job_id", String.valueOf(jobId));
            labels.put("version", version);
            String label = t.metric.label(labels);
            switch (t.meter) {
                case Counter c -> readings.add(new Reading(jobId, version, t.metric, label, c.count(), 0));
                case DistributionSummary s -> readings.add(new Reading(jobId, version, t.metric, label, s.count(),
                        s.totalAmount()));
                case Gauge g -> readings.add(new Reading(jobId, version, t.metric, label, g.value(), 0));
                default -> {
                }
            }
        }
        return readings;
    }

    /** Removes every meter; later recordings are ignored. */
    synchronized void retire() {
        retired = true;
        for (Tracked t : tracked) {
            registry.remove(t.meter);
        }
        tracked.clear();
    }

    synchronized boolean retired() {
        return retired;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
