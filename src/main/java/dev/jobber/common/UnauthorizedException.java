package dev.jobber.common;

/** The caller sent no valid credentials (401). */
public final class UnauthorizedException extends ApiException {
    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }
}
