package dev.jobber.metrics.query;

import dev.jobber.common.ValidationException;
import dev.jobber.common.api.QueryFields;
import dev.jobber.job.JobDetails;
import dev.jobber.job.JobService;
import dev.jobber.metrics.JobMetric;
import dev.jobber.metrics.MetricsHistory;
import dev.jobber.metrics.MetricsHistory.Series;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A job version's metric over the last {@code duration} seconds, for the panel's charts: from Prometheus when
 * {@code METRICS_PROMETHEUS_QUERY} is set, else from Jobber's own history.
 */
@ApplicationScoped
public class JobMetricsService {

    public static final int DEFAULT_DURATION = 900;
    public static final int MAX_DURATION = 10_000;
    /** The version path segment that means the job's active version. */
    public static final String LATEST = "latest";

    private final JobService jobs;
    private final MetricsHistory history;
    private final PrometheusClient prometheus;

    public JobMetricsService(JobService jobs, MetricsHistory history, PrometheusClient prometheus) {
        this.jobs = jobs;
        this.history = history;
        this.prometheus = prometheus;
    }

    /**
     * The series of {@code metric} for a version of the job ({@code latest}: the active one; none active: no series).
     *
     * @throws ValidationException when the job id, metric or duration is invalid
     * @throws dev.jobber.common.NotFoundException when no job has that id
     * @throws PrometheusUnavailableException when the configured Prometheus fails
     */
    public List<Series> query(String jobId, String metricName, String version, String duration) {
        QueryFields fields = new QueryFields();
        UUID job = fields.uuid("jobId", jobId);
        Optional<JobMetric> metric = JobMetric.byPathName(metricName);
        if (metric.isEmpty()) {
            fields.error("metric", "must be one of " + Arrays.stream(JobMetric.values())
                    .map(JobMetric::pathName).collect(Collectors.joining(", ")) + ", got \"" + metricName + "\"");
        }
        long seconds = fields.wholeNumber("duration", duration, 1, MAX_DURATION).orElse((long) DEFAULT_DURATION);
        fields.validate("Invalid metrics query");
        JobDetails details = jobs.get(job);
        String resolved = LATEST.equals(version) ? details.activeVersion() : version;
        if (resolved == null) {
            return List.of();
        }
        long end = Instant.now().getEpochSecond();
        long start = end - seconds;
        return prometheus.configured()
                ? prometheus.query(job.toString(), resolved, metric.get(), start, end)
                : history.query(job, resolved, metric.get(), start);
    }
}
