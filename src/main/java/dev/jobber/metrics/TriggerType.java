package dev.jobber.metrics;

/** The kinds of events runners handle, as the {@code trigger_type} label names them. */
public enum TriggerType {
    HTTP("http"), SCHEDULE("schedule"), MQTT("mqtt");

    final String label;

    TriggerType(String label) {
        this.label = label;
    }

    /** The type of an event of that {@code kind}; null for a kind no trigger produces. */
    public static TriggerType of(String kind) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "http" -> HTTP;
            case "schedule" -> SCHEDULE;
            case "mqtt" -> MQTT;
            default -> null;
        };
    }
}
