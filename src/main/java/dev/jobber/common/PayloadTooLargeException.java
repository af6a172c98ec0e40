package dev.jobber.common;

/** A body or archive is over a configured limit (413). */
public final class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 413;
    }
}
