package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;
import dev.jobber.common.syntax.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code {"type":"mqtt", topics, connection}}; each connection field may instead be {@code <field>Variable}, naming
 * the job environment variable that holds it.
 */
final class MqttTriggerParser implements TriggerParser {

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Set<String> PROTOCOLS = Set.of("mqtt", "mqtts", "ws", "wss");
    private static final List<String> VARIABLE_FIELDS = List.of("protocol", "host", "port", "username", "password",
            "clientId");
    private static final List<String> STRING_FIELDS = List.of("host", "username", "password", "clientId");

    @Override
    public TriggerDefinition parse(JsonFields trigger, String name, ObjectNode context) {
        List<String> topics = topics(trigger);
        JsonNode connection = trigger.node().get("connection");
        if (connection == null || !connection.isObject()) {
            trigger.error("connection", "must be an object {protocol, host, port, …}");
            return new TriggerDefinition.Mqtt(name, topics, JsonNodeFactory.instance.objectNode(), context);
        }
        connection(trigger.at(connection, "connection"));
        return new TriggerDefinition.Mqtt(name, topics, (ObjectNode) connection, context);
    }

    private static List<String> topics(JsonFields trigger) {
        List<String> topics = new ArrayList<>();
        JsonNode topicsNode = trigger.node().get("topics");
        if (topicsNode == null || !topicsNode.isArray() || topicsNode.isEmpty()) {
            trigger.error("topics", "must be a non-empty array of topic filters");
            return topics;
        }
        for (int t = 0; t < topicsNode.size(); t++) {
            JsonNode topic = topicsNode.get(t);
            String key = "topics[" + t + "]";
            if (!topic.isTextual()) {
                trigger.error(key, "must be a string");
                continue;
            }
            TopicFilter.problem(topic.asText()).ifPresentOrElse(
                    p -> trigger.error(key, "invalid topic filter \"" + topic.asText() + "\": " + p),
                    () -> topics.add(topic.asText()));
        }
        return topics;
    }

    private static void connection(JsonFields connection) {
        String protocol = connection.text("protocol", false, 1, 8).orElse(null);
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            connection.error("protocol", "must be mqtt, mqtts, ws or wss, got \"" + protocol + "\"");
        }
        for (String key : VARIABLE_FIELDS) {
            String variable = connection.text(key + "Variable", false, 1, 128).orElse(null);
            if (variable != null && !ENV_NAME.matcher(variable).matches()) {
                connection.error(key + "Variable", "must name an environment variable, got \"" + variable + "\"");
            }
        }
        for (String key : STRING_FIELDS) {
            connection.text(key, false, 0, 1024);
        }
        JsonNode version = connection.get("version");
        if (version != null && !Set.of("5", "3.1.1").contains(version.asText())) {
            connection.error("version", "must be \"5\" or \"3.1.1\" (leave it out to try 5, then 3.1.1), got "
                    + version);
        }
        if (!hasText(connection, "host") && !hasText(connection, "hostVariable")) {
            connection.error("host", "is required (or hostVariable)");
        }
        JsonNode port = connection.get("port");
        if (port != null) {
            Integer value = ManifestNumbers.integer(port);
            if (value == null || value < 1 || value > 65535) {
                connection.error("port", "must be a port number 1–65535, got " + port);
            }
        }
    }

    private static boolean hasText(JsonFields fields, String key) {
        JsonNode value = fields.get(key);
        return value != null && value.isTextual() && !value.asText().isEmpty();
    }
}
