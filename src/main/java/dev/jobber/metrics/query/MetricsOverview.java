package dev.jobber.metrics.query;

import dev.jobber.metrics.JobCensus;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.metrics.RunnerCensus;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's summary: this instance's runners, every job by status, and the uptime. */
@ApplicationScoped
public class MetricsOverview {

    /** Counts of this instance's runners by state, their requests in progress, and the last event handed to one. */
    public record RunnerMetrics(int runnersTotal, int runnersStarting, int runnersReady, int runnersClosing,
            int runnersClosed, long runnersLoadTotal, double runnersLoadAverage, long lastRequestAt) {
    }

    public record JobsMetrics(long jobsTotal, long jobsDisabled, long jobsEnabled) {
    }

    /** {@code uptime} in seconds; {@code lastRequestAt} in unix seconds, 0 when no event was handled yet. */
    public record Overview(RunnerMetrics runnerMetrics, JobsMetrics jobsMetrics, long uptime) {
    }

    private final RunnerCensus runners;
    private final JobCensus census;
    private final JobberMetrics metrics;

    public MetricsOverview(RunnerCensus runners, JobCensus census, JobberMetrics metrics) {
        this.runners = runners;
        this.census = census;
        this.metrics = metrics;
    }

    public Overview overview() {
        List<RunnerCensus.Sample> all = runners.runners();
        Map<String, Integer> byState = new HashMap<>();
        long load = 0;
        Instant closedLast = metrics.lastRequestOfClosedRunners();
        long lastRequestAt = closedLast == null ? 0 : closedLast.getEpochSecond();
        for (RunnerCensus.Sample runner : all) {
            byState.merge(runner.state(), 1, Integer::sum);
            load += runner.requestsProcessing();
            if (runner.lastRequestAt() != null) {
                lastRequestAt = Math.max(lastRequestAt, runner.lastRequestAt());
            }
        }
        RunnerMetrics runnerMetrics = new RunnerMetrics(all.size(), byState.getOrDefault("starting", 0),
                byState.getOrDefault("ready", 0), byState.getOrDefault("closing", 0),
                byState.getOrDefault("closed", 0), load, all.isEmpty() ? 0 : (double) load / all.size(),
                lastRequestAt);
        Map<String, Long> statuses = census.countByStatus();
        long enabled = statuses.getOrDefault("enabled", 0L);
        long disabled = statuses.getOrDefault("disabled", 0L);
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return new Overview(runnerMetrics, new JobsMetrics(enabled + disabled, disabled, enabled), uptime);
    }
}
