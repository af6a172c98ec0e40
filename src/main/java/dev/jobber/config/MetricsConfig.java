package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URL;
import java.util.Optional;

/** An external Prometheus for per-job metrics ({@code METRICS_PROMETHEUS_*}). */
@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {

    /** A Prometheus {@code query_range} URL ({@code METRICS_PROMETHEUS_QUERY}). */
    Optional<URL> prometheusQuery();

    /** The Prometheus job that scrapes Jobber ({@code METRICS_PROMETHEUS_JOB_NAME}). */
    Optional<String> prometheusJobName();

    /** Query step in seconds, at least 1 ({@code METRICS_PROMETHEUS_QUERY_STEP}). */
    @WithDefault("15")
    int prometheusQueryStep();
}
