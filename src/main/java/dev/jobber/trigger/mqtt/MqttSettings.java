package dev.jobber.trigger.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how an MQTT trigger connects, from its manifest {@code connection} with each field optionally given as
 * {@code <field>Variable}, the name of a job environment variable holding it.
 *
 * @param version {@code 5}, {@code 3} (3.1.1) or null to try 5 and fall back to 3.1.1 (Ext: {@code connection.version})
 */
public record MqttSettings(String protocol, String host, int port, String username, byte[] password, String clientId,
        Integer version) {

    /** @throws IllegalArgumentException naming what is missing or invalid */
    public static MqttSettings of(JsonNode connection, Map<String, String> environment) {
        String protocol = field(connection, "protocol", environment);
        protocol = protocol == null ? "mqtt" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.matches("mqtts?|wss?")) {
            throw new IllegalArgumentException("unknown protocol \"" + protocol + "\"");
        }
        String host = field(connection, "host", environment);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no host (or its variable is not set)");
        }
        String portText = field(connection, "port", environment);
        int port;
        try {
            port = portText == null || portText.isBlank() ? defaultPort(protocol) : Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port \"" + portText + "\" is not a number");
        }
        String password = field(connection, "password", environment);
        String version = field(connection, "version", environment);
        Integer mqttVersion = version == null ? null : version.startsWith("5") ? Integer.valueOf(5) : Integer.valueOf(3);
        return new MqttSettings(protocol, host, port, field(connection, "username", environment),
                password == null ? null : password.getBytes(StandardCharsets.UTF_8),
                field(connection, "clientId", environment), mqttVersion);
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

    private static String field(JsonNode connection, String name, Map<String, String> environment) {
        JsonNode variable = connection.get(name + "Variable");
        if (variable != null && variable.isTextual()) {
            return environment.get(variable.asText().toUpperCase(Locale.ROOT));
        }
        JsonNode value = connection.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return protocol + "://" + host + ":" + port;
    }
}
