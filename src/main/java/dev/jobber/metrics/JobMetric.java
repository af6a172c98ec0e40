package dev.jobber.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-job metrics the panel charts ({@code GET /api/job/:jobId/metrics/:metric/:version}): what each one plots
 * and how its series are labelled, the same whether Prometheus or Jobber's own history answers.
 */
public enum JobMetric {
    RUNNER_REQUEST_DURATION("jobber_runner_request_duration", Kind.DISTRIBUTION, "{job_name} @ {version}"),
    RUNNER_STARTUP_DURATION("jobber_runner_startup_duration", Kind.AVERAGE, "{job_name} @ {version}"),
    RUNNER_SHUTDOWN_DURATION("jobber_runner_shutdown_duration", Kind.AVERAGE, "{job_name} @ {version}"),
    ACTIVE_RUNNERS("jobber_active_runners", Kind.GAUGE, "{job_name} @ {version}"),
    JOB_STORE("jobber_job_store", Kind.GAUGE, "{job_name} @ {version}"),
    TRIGGER_HTTP_TOTAL("jobber_trigger_http_total", Kind.INCREASE, "{status_code} {request_method} {request_host}"),
    TRIGGER_CRON_TOTAL("jobber_trigger_cron_total", Kind.INCREASE, "{success}"),
    TRIGGER_MQTT_TOTAL("jobber_trigger_mqtt_total", Kind.INCREASE, "{success}"),
    TRIGGER_MQTT_PUBLISH_TOTAL("jobber_trigger_mqtt_publish_total", Kind.INCREASE, "{topic}"),
    RUNNER_REQUESTS_TOTAL("jobber_runner_requests_total", Kind.INCREASE, "{trigger_type}, status {success}"),
    RUNNER_QUEUE_WAIT("jobber_runner_queue_wait_duration", "runner_queue_wait", Kind.DISTRIBUTION,
            "{job_name} @ {version}"),
    RUNNER_COLD_STARTS("jobber_runner_cold_starts_total", "runner_cold_starts", Kind.INCREASE, "{trigger_type}");

    /** The quantiles a {@link Kind#DISTRIBUTION} is charted at besides its mean. */
    public static final List<Double> QUANTILES = List.of(0.5, 0.95, 0.99);

    /** What a point of the chart is. */
    public enum Kind {
        /** Mean of the observations in the step (seconds); steps without any have no point. */
        AVERAGE,
        /**
         * As {@link #AVERAGE}, plus one series per {@link #QUANTILES quantile} estimated from the observations of the
         * step in the histogram's buckets (see {@link Quantiles}); those series are labelled {@link #quantileLabel}.
         */
        DISTRIBUTION,
        /** The value at the end of the step. */
        GAUGE,
        /** How much the counter grew during the step. */
        INCREASE
    }

    private final String prometheusName;
    private final String pathName;
    private final Kind kind;
    private final String labelTemplate;

    JobMetric(String prometheusName, Kind kind, String labelTemplate) {
        this(prometheusName, prometheusName.substring("jobber_".length()), kind, labelTemplate);
    }

    JobMetric(String prometheusName, String pathName, Kind kind, String labelTemplate) {
        this.prometheusName = prometheusName;
        this.pathName = pathName;
        this.kind = kind;
        this.labelTemplate = labelTemplate;
    }

    public String prometheusName() {
        return prometheusName;
    }

    public Kind kind() {
        return kind;
    }

    /** The path segment naming it, e.g. {@code runner_request_duration}. */
    public String pathName() {
        return pathName;
    }

    public static Optional<JobMetric> byPathName(String name) {
        for (JobMetric metric : values()) {
            if (metric.pathName().equals(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** A series' label: the template with each {@code {name}} replaced by that label's value, when there is one. */
    public String label(Map<String, String> labels) {
        String label = labelTemplate;
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            label = label.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return label;
    }

    /** The label of a distribution's quantile series: its series' label and {@code , quantile="0.95"}. */
    public static String quantileLabel(String label, double quantile) {
        return label + ", quantile=\"" + quantile + "\"";
    }
}
