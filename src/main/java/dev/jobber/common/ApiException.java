package dev.jobber.common;

/** A failure the caller caused or must know about, answered with {@link #status()} and its message. */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message);
    }

    protected ApiException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int status();
}
