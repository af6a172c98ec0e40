package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** One event for a function: the protocol's event header fields (kind, name, …) and its body. */
public record Event(JsonObject header, Buffer body) {
}
