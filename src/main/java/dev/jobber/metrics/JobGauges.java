package dev.jobber.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-job gauges read from the database: {@code jobber_jobs_info} (1 per job, with its status) and
 * {@code jobber_job_store} (live store items, labelled with the active version, empty when none). A deleted job's
 * gauges are removed with the next update.
 */
@ApplicationScoped
public class JobGauges {

    private final MeterRegistry registry;
    private final Map<UUID, Registered> jobs = new HashMap<>();

    private record Registered(JobCensus.JobEntry entry, Gauge info, Gauge store, AtomicLong storeItems) {
    }

    public JobGauges(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** Brings the gauges in line with the jobs as just read. */
    synchronized void update(List<JobCensus.JobEntry> census) {
        Map<UUID, JobCensus.JobEntry> current = new HashMap<>();
        census.forEach(entry -> current.put(entry.id(), entry));
        for (var it = jobs.entrySet().iterator(); it.hasNext();) {
            var registered = it.next();
            if (!current.containsKey(registered.getKey())) {
                registry.remove(registered.getValue().info());
                registry.remove(registered.getValue().store());
                it.remove();
            }
        }
        for (JobCensus.JobEntry entry : census) {
            Registered before = jobs.get(entry.id());
            Gauge info = before == null ? null : before.info();
            Gauge store = before == null ? null : before.store();
            AtomicLong items = before == null ? new AtomicLong() : before.storeItems();
            Tags job = Tags.of("job_name", entry.name(), "job_id", entry.id().toString());
            if (before == null || !before.entry().status().equals(entry.status())) {
                if (info != null) {
                    registry.remove(info);
                }
                info = Gauge.builder("jobber.jobs.info", () -> 1).description("Every job, with its status")
                        .tags(job).tag("status", entry.status()).register(registry);
            }
            if (before == null || !Objects.equals(before.entry().version(), entry.version())) {
                if (store != null) {
                    registry.remove(store);
                }
                store = Gauge.builder("jobber.job.store", items, AtomicLong::get)
                        .description("Live items in the job's store").tags(job)
                        .tag("version", Objects.requireNonNullElse(entry.version(), "")).register(registry);
            }
            items.set(entry.storeItems());
            jobs.put(entry.id(), new Registered(entry, info, store, items));
        }
    }
}
