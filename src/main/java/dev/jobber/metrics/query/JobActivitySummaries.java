package dev.jobber.metrics.query;

import dev.jobber.metrics.JobActivity;
import dev.jobber.metrics.JobCensus;
import dev.jobber.metrics.RunnerCensus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Per job: this instance's runners and its invocations of the last hour, for the panel's job list. */
@ApplicationScoped
public class JobActivitySummaries {

    /**
     * {@code runnersTotal} counts runners starting, ready or closing; {@code lastRequestAt} is in unix seconds, null
     * when the job was not invoked on this instance since it started.
     */
    public record JobSummary(UUID jobId, int runnersReady, int runnersTotal, long requestsLastHour,
            long errorsLastHour, Long lastRequestAt) {
    }

    private final JobCensus census;
    private final RunnerCensus runners;
    private final JobActivity activity;

    public JobActivitySummaries(JobCensus census, RunnerCensus runners, JobActivity activity) {
        this.census = census;
        this.runners = runners;
        this.activity = activity;
    }

    /** One summary per job {@code visible} accepts, in the order of their names. */
    public List<JobSummary> summaries(Predicate<UUID> visible) {
        Map<UUID, int[]> counts = new HashMap<>();
        Map<UUID, Long> lastRequests = new HashMap<>();
        for (RunnerCensus.Sample runner : runners.runners()) {
            if (!"closed".equals(runner.state())) {
                int[] count = counts.computeIfAbsent(runner.jobId(), id -> new int[2]);
                count[1]++;
                if ("ready".equals(runner.state())) {
                    count[0]++;
                }
            }
            if (runner.lastRequestAt() != null) {
                lastRequests.merge(runner.jobId(), runner.lastRequestAt(), Math::max);
            }
        }
        List<JobSummary> result = new ArrayList<>();
        for (JobCensus.JobEntry job : census.read()) {
            if (!visible.test(job.id())) {
                continue;
            }
            int[] count = counts.getOrDefault(job.id(), new int[2]);
            JobActivity.Summary hour = activity.lastHour(job.id());
            Long last = hour.lastRequestAt();
            Long runnerLast = lastRequests.get(job.id());
            if (runnerLast != null) {
                last = last == null ? runnerLast : Math.max(last, runnerLast);
            }
            result.add(new JobSummary(job.id(), count[0], count[1], hour.requests(), hour.errors(), last));
        }
        return result;
    }
}
