package dev.jobber.common;

/** The caller is known but not permitted to do this (403). */
public final class ForbiddenException extends ApiException {
    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }
}
