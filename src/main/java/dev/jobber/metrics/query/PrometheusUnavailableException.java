package dev.jobber.metrics.query;

import dev.jobber.common.ApiException;

/** The configured Prometheus could not be asked or refused the query (502). */
public final class PrometheusUnavailableException extends ApiException {

    PrometheusUnavailableException(String message) {
        super(message);
    }

    PrometheusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 502;
    }
}
