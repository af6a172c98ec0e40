package dev.jobber.common;

/** The addressed resource does not exist (404). */
public final class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }
}
