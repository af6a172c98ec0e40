package dev.jobber.metrics;

import dev.jobber.job.ActiveVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jobber's own Prometheus metrics per job version (see {@link VersionMeters}), which version of each job is active
 * (trigger counts go to it), and the removal of series nobody needs any more: those of a deleted job as soon as its
 * runners are gone, those of a version that is no longer active once its runners are gone and its series have not
 * changed for {@link #LINGER}, so a scraper still sees their final values.
 */
@ApplicationScoped
public class JobberMetrics {

    static final Duration LINGER = Duration.ofMinutes(5);

    private final MeterRegistry registry;
    private final JobActivity activity;
    private final Map<UUID, VersionMeters> versions = new ConcurrentHashMap<>();
    private final Map<UUID, VersionMeters> active = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastRequestOfClosedRunners = new AtomicReference<>();

    public JobberMetrics(PrometheusMeterRegistry registry) {
        this(registry, new JobActivity());
    }

    @Inject
    public JobberMetrics(PrometheusMeterRegistry registry, JobActivity activity) {
        this.registry = registry;
        this.activity = activity;
    }

    /** The meters of a version that has become its job's active one; trigger counts of the job go to them. */
    public synchronized VersionMeters activate(ActiveVersion version) {
        VersionMeters meters = versions.get(version.versionId());
        if (meters == null || meters.retired()) {
            meters = new VersionMeters(registry, this, version.jobId(), version.versionId(), version.jobName(),
                    version.version());
            versions.put(version.versionId(), meters);
        }
        active.put(version.jobId(), meters);
        return meters;
    }

    /** The job has no active version any more (disabled, deleted, or none activated). */
    public synchronized void deactivate(UUID jobId) {
        active.remove(jobId);
    }

    /** The meters of the job's active version; when it has none, meters that record nothing. */
    public VersionMeters active(UUID jobId) {
        return active.getOrDefault(jobId, VersionMeters.NONE);
    }

    /** Reads every version's series and notes which changed since the last call. */
    List<Reading> sample(long nowNanos) {
        List<Reading> all = new ArrayList<>();
        for (VersionMeters meters : versions.values()) {
            List<Reading> readings = meters.readings();
            double total = 0;
            for (Reading reading : readings) {
                total += reading.count() + reading.sum();
            }
            if (total != meters.lastTotal) {
                meters.lastTotal = total;
                meters.lastChangeNanos = nowNanos;
            }
            all.addAll(readings);
        }
        return all;
    }

    /**
     * Removes the series of versions that are not active and have no runners: at once when their job is not among
     * {@code jobs} (read after {@code jobsReadNanos}), else once unchanged for {@link #LINGER}.
     */
    synchronized void sweep(Set<UUID> jobs, long jobsReadNanos, long nowNanos) {
        for (VersionMeters meters : List.copyOf(versions.values())) {
            if (active.get(meters.jobId) == meters || meters.activeRunners() > 0) {
                continue;
            }
            boolean deleted = !jobs.contains(meters.jobId) && meters.createdNanos - jobsReadNanos < 0;
            if (deleted || nowNanos - meters.lastChangeNanos >= LINGER.toNanos()) {
                meters.retire();
                versions.remove(meters.versionId, meters);
            }
        }
    }

    /** An invocation of the job through one of its triggers ended. */
    void invoked(UUID jobId, boolean failed) {
        activity.invoked(jobId, failed);
    }

    void requestSeen(Instant at) {
        lastRequestOfClosedRunners.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    /** When a runner that is gone last received an event; null if none did. */
    public Instant lastRequestOfClosedRunners() {
        return lastRequestOfClosedRunners.get();
    }
}
