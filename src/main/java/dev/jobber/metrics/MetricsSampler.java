package dev.jobber.metrics;

import dev.jobber.config.MetricsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every {@code METRICS_PROMETHEUS_QUERY_STEP} seconds: reads the jobs from the database for the per-job gauges, adds a
 * point to the history, and removes the series of versions nobody needs any more. Runs on each instance (metrics are
 * per instance), never on an event loop.
 */
@ApplicationScoped
public class MetricsSampler {

    private static final Logger LOG = Logger.getLogger(MetricsSampler.class);

    private final Vertx vertx;
    private final MetricsConfig config;
    private final JobberMetrics metrics;
    private final JobGauges gauges;
    private final JobCensus census;
    private final MetricsHistory history;
    private final PrometheusMeterRegistry registry;
    private final JobActivity activity;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;
    private volatile boolean stopping;

    public MetricsSampler(Vertx vertx, MetricsConfig config, JobberMetrics metrics, JobGauges gauges,
            JobCensus census, MetricsHistory history, PrometheusMeterRegistry registry, JobActivity activity) {
        this.activity = activity;
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.gauges = gauges;
        this.census = census;
        this.history = history;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        var runtime = ManagementFactory.getRuntimeMXBean();
        Gauge.builder("jobber.app.info", () -> 1).description("Static information about this Jobber")
                .tag("java_version", runtime.getVmVersion())
                .tag("platform", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT))
                .tag("arch", System.getProperty("os.arch", ""))
                .tag("start_time", Long.toString(runtime.getStartTime() / 1000))
                .register(registry);
        timer = vertx.setPeriodic(config.prometheusQueryStep() * 1000L, id -> {
            if (running.compareAndSet(false, true)) {
                executor.execute(() -> {
                    try {
                        sample();
                    } finally {
                        running.set(false);
                    }
                });
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        vertx.cancelTimer(timer);
        executor.shutdownNow();
    }

    void sample() {
        try {
            long readNanos = System.nanoTime();
            long readEpochSecond = Instant.now().getEpochSecond();
            List<JobCensus.JobEntry> jobs = census.read();
            gauges.update(jobs);
            long now = System.nanoTime();
            List<Reading> readings = new ArrayList<>(metrics.sample(now));
            Set<UUID> jobIds = new HashSet<>();
            for (JobCensus.JobEntry job : jobs) {
                jobIds.add(job.id());
                if (job.version() != null) {
                    readings.add(new Reading(job.id(), job.version(), JobMetric.JOB_STORE, JobMetric.JOB_STORE.label(
                            Map.of("job_name", job.name(), "version", job.version())), job.storeItems(), 0));
                }
            }
            history.record(Instant.now().getEpochSecond(), readings, jobIds);
            metrics.sweep(jobIds, readNanos, now);
            activity.retain(jobIds, readEpochSecond);
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.warnf("Sampling the metrics failed: %s", e.getMessage());
            }
        }
    }
}
