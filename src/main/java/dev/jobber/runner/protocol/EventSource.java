package dev.jobber.runner.protocol;

import java.util.List;
import java.util.Map;

/** What fired an event, as its {@code event} frame tells the runner; {@code name} is null for an unnamed trigger. */
public sealed interface EventSource {

    String name();

    /** {@code http}, {@code schedule} or {@code mqtt}: the frame's {@code kind}. */
    default String kind() {
        return switch (this) {
            case Http h -> "http";
            case Schedule s -> "schedule";
            case Mqtt m -> "mqtt";
        };
    }

    /** An HTTP request; {@code query} is raw, without {@code ?}; {@code remote} may be null. */
    record Http(String name, String method, String path, String query, List<Map.Entry<String, String>> headers,
            String remote, String host) implements EventSource {
    }

    /** A tick of a schedule; {@code scheduledAt} in milliseconds since the epoch. */
    record Schedule(String name, String cron, String timezone, long scheduledAt) implements EventSource {
    }

    record Mqtt(String name, String topic) implements EventSource {
    }
}
