package dev.jobber.runner.container;

/** The container engine refused or failed an operation; the message says which and names the engine. */
public class ContainerException extends RuntimeException {
    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerException(String message) {
        super(message);
    }
}
