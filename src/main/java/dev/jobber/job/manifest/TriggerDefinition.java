package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A trigger of a manifest, by how it fires; {@link #context()} is the manifest's trigger object as published. */
public sealed interface TriggerDefinition {

    String name();

    ObjectNode context();

    /** The kind as the manifest names it: {@code http}, {@code schedule} or {@code mqtt}. */
    String kind();

    /**
     * A published trigger read back from its stored {@code context}, which was validated when it was published: a
     * field that is absent or not of its type reads as absent, and no limit of the instance is checked again.
     *
     * @throws IllegalArgumentException for a kind no manifest can declare
     */
    static TriggerDefinition stored(String kind, String name, ObjectNode context) {
        return switch (kind) {
            case "http" -> new Http(name, text(context, "hostname"), text(context, "method"), text(context, "path"),
                    context);
            case "schedule" -> new Schedule(name, context.path("cron").asText(), text(context, "timezone"), context);
            case "mqtt" -> {
                List<String> topics = new ArrayList<>();
                context.path("topics").forEach(topic -> topics.add(topic.asText()));
                JsonNode connection = context.get("connection");
                yield new Mqtt(name, List.copyOf(topics), connection instanceof ObjectNode object ? object
                        : JsonNodeFactory.instance.objectNode(), context);
            }
            default -> throw new IllegalArgumentException("unknown trigger type \"" + kind + "\"");
        };
    }

    private static String text(JsonNode context, String field) {
        JsonNode value = context.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** Evaluated per HTTP request; a null field matches anything. */
    record Http(String name, String hostname, String method, String path, ObjectNode context)
            implements TriggerDefinition {
        @Override
        public String kind() {
            return "http";
        }
    }

    /** Fires on a cron schedule in a time zone (null = the server's zone). */
    record Schedule(String name, String cron, String timezone, ObjectNode context) implements TriggerDefinition {
        @Override
        public String kind() {
            return "schedule";
        }
    }

    /** Fires on messages of an MQTT subscription; {@code connection} as written, empty when the trigger has none. */
    record Mqtt(String name, List<String> topics, ObjectNode connection, ObjectNode context)
            implements TriggerDefinition {
        @Override
        public String kind() {
            return "mqtt";
        }
    }
}
