package dev.jobber.common;

/** The request contradicts what is stored (409). */
public final class ConflictException extends ApiException {
    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }
}
