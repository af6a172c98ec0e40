package dev.jobber.gateway;

import dev.jobber.common.ApiException;

/** The gateway did not answer a tried request in time (504). */
public final class TrialTimeoutException extends ApiException {

    public TrialTimeoutException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 504;
    }
}
