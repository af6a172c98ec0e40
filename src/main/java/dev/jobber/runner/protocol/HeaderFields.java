package dev.jobber.runner.protocol;

import dev.jobber.runner.protocol.Frames.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading and writing typed fields of frame headers for {@link FrameCodec}, with the protocol's error messages. */
final class HeaderFields {

    private HeaderFields() {
    }

    /** Name and value pairs as {@code [[name, value], …]}. */
    static JsonArray headers(List<Map.Entry<String, String>> headers) {
        JsonArray pairs = new JsonArray();
        for (Map.Entry<String, String> header : headers) {
            pairs.add(new JsonArray().add(header.getKey()).add(header.getValue()));
        }
        return pairs;
    }

    /** A handshake's window: absent when 0 (no flow control). */
    static void window(JsonObject h, long window) {
        if (window > 0) {
            h.put("window", window);
        }
    }

    static long window(JsonObject h) {
        return h.getValue("window") instanceof Number n && n.longValue() > 0 ? n.longValue() : 0;
    }

    static void putIfPresent(JsonObject h, String name, String value) {
        if (value != null) {
            h.put(name, value);
        }
    }

    /** Pairs of a name and a value; anything else in the list is left out. */
    static List<Map.Entry<String, String>> headers(Object value) {
        if (!(value instanceof JsonArray pairs)) {
            return List.of();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(pairs.size());
        for (Object pair : pairs) {
            if (pair instanceof JsonArray a && a.size() == 2 && a.getValue(0) instanceof String name) {
                headers.add(Map.entry(name, String.valueOf(a.getValue(1))));
            }
        }
        return headers;
    }

    /** The frame's integer {@code id}. */
    static long eventId(JsonObject h, String type) {
        if (!(h.getValue("id") instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new ProtocolException(article(type) + " frame has no event id");
        }
        return n.longValue();
    }

    static String requireString(JsonObject h, String type, String field) {
        if (!(h.getValue(field) instanceof String value)) {
            throw missing(type, "string", field);
        }
        return value;
    }

    static long requireLong(JsonObject h, String type, String field) {
        if (!(h.getValue(field) instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw missing(type, "integer", field);
        }
        return n.longValue();
    }

    static boolean requireBoolean(JsonObject h, String type, String field) {
        if (!(h.getValue(field) instanceof Boolean value)) {
            throw missing(type, "boolean", field);
        }
        return value;
    }

    static String optionalString(JsonObject h, String field) {
        return h.getValue(field) instanceof String value ? value : null;
    }

    static ProtocolException missing(String type, String kind, String field) {
        return new ProtocolException(article(type) + " frame has no " + kind + " \"" + field + "\"");
    }

    /** "a chunk", "an end". */
    static String article(String type) {
        return (!type.isEmpty() && "aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /** The header without the named fields: what is left of a call or a reply for its operation. */
    static JsonObject without(JsonObject h, String... names) {
        JsonObject rest = h.copy();
        for (String name : names) {
            rest.remove(name);
        }
        return rest;
    }
}
