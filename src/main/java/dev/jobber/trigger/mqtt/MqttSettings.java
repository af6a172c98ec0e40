package dev.jobber.trigger.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how an MQTT trigger connects, from its manifest {@code connection} with each field optionally given as
 * {@code <field>Variable}, the name of a job environment variable holding it. A value read from a variable is never
 * shown: descriptions and messages name the variable instead ({@code $BROKER_HOST}).
 *
 * @param version {@code 5}, {@code 3} (3.1.1) or null to try 5 and fall back to 3.1.1 (Ext: {@code connection.version})
 * @param variables the variables the settings were read from, by field name ({@code host → BROKER_HOST})
 * @param hidden values read from variables, each with the variable that held it
 */
public record MqttSettings(String protocol, String host, int port, String username, byte[] password, String clientId,
        Integer version, Map<String, String> variables, Map<String, String> hidden) {

    /** Values this short are too common to hide inside other text; the fields that hold them are still named. */
    private static final int HIDDEN_MIN_LENGTH = 3;

    /** @throws IllegalArgumentException naming what is missing or invalid, and the variable it came from */
    public static MqttSettings of(JsonNode connection, Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> hidden = new LinkedHashMap<>();
        Fields fields = new Fields(connection, environment, variables, hidden);
        String protocol = fields.get("protocol");
        protocol = protocol == null ? "mqtt" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.matches("mqtts?|wss?")) {
            throw new IllegalArgumentException(variables.containsKey("protocol")
                    ? "the protocol in variable " + variables.get("protocol") + " is not mqtt, mqtts, ws or wss"
                    : "unknown protocol \"" + protocol + "\"");
        }
        String host = fields.get("host");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(variables.containsKey("host")
                    ? "no host: variable " + variables.get("host") + " is not set" : "no host");
        }
        String portText = fields.get("port");
        int port;
        try {
            port = portText == null || portText.isBlank() ? defaultPort(protocol) : Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variables.containsKey("port")
                    ? "the port in variable " + variables.get("port") + " is not a number"
                    : "port \"" + portText + "\" is not a number");
        }
        String password = fields.get("password");
        String version = fields.get("version");
        Integer mqttVersion = version == null ? null : version.startsWith("5") ? Integer.valueOf(5) : Integer.valueOf(3);
        String username = fields.get("username");
        String clientId = fields.get("clientId");
        return new MqttSettings(protocol, host, port, username,
                password == null ? null : password.getBytes(StandardCharsets.UTF_8), clientId, mqttVersion,
                Map.copyOf(variables), Map.copyOf(hidden));
    }

    static int defaultPort(String protocol) {
        return switch (protocol) {
            case "mqtts" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 1883;
        };
    }

    boolean secure() {
        return protocol.equals("mqtts") || protocol.equals("wss");
    }

    boolean webSocket() {
        return protocol.startsWith("ws");
    }

    /** {@code text} with every value read from a variable replaced by the variable's name. */
    public String redact(String text) {
        String out = text;
        List<Map.Entry<String, String>> longestFirst = hidden.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
        for (Map.Entry<String, String> value : longestFirst) {
            out = out.replace(value.getKey(), "$" + value.getValue());
        }
        return out;
    }

    @Override
    public String toString() {
        return shown("protocol", protocol) + "://" + shown("host", host) + ":" + shown("port", String.valueOf(port));
    }

    private String shown(String field, String value) {
        String variable = variables.get(field);
        return variable == null ? value : "$" + variable;
    }

    /** Reads connection fields, noting which came from variables. */
    private record Fields(JsonNode connection, Map<String, String> environment, Map<String, String> variables,
            Map<String, String> hidden) {

        String get(String name) {
            JsonNode variable = connection.get(name + "Variable");
            if (variable != null && variable.isTextual()) {
                String variableName = variable.asText().toUpperCase(Locale.ROOT);
                variables.put(name, variableName);
                String value = environment.get(variableName);
                if (value != null && value.length() >= HIDDEN_MIN_LENGTH) {
                    hidden.merge(value, variableName, (a, b) -> a);
                }
                return value;
            }
            JsonNode value = connection.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
