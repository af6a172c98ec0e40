package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A trigger of a manifest, by how it fires; {@link #context()} is the manifest's trigger object as published. */
public sealed interface TriggerDefinition {

    String name();

    ObjectNode context();

    /** The kind as the manifest names it: {@code http}, {@code schedule} or {@code mqtt}. */
    String kind();

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

    /** Fires on messages of an MQTT subscription. */
    record Mqtt(String name, List<String> topics, ObjectNode connection, ObjectNode context)
            implements TriggerDefinition {
        @Override
        public String kind() {
            return "mqtt";
        }
    }
}
