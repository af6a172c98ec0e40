package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One event for a function: the protocol's event header fields (kind, name, …) and its body, which is either whole
 * ({@code body}) or still arriving ({@code streamed}, then {@code body} is empty).
 */
public record Event(JsonObject header, Buffer body, RequestBody streamed) {

    public Event(JsonObject header, Buffer body) {
        this(header, body, null);
    }
}
