package dev.jobber.job;

/** How a trigger is doing: {@code healthy}, {@code unhealthy} or {@code unknown}, with a message for people. */
public record TriggerStatus(String status, String message) {

    public static final TriggerStatus UNKNOWN = new TriggerStatus("unknown", "Not active");

    public static TriggerStatus healthy(String message) {
        return new TriggerStatus("healthy", message);
    }

    public static TriggerStatus unhealthy(String message) {
        return new TriggerStatus("unhealthy", message);
    }
}
