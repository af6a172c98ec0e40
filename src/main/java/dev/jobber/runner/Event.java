package dev.jobber.runner;

import dev.jobber.runner.protocol.EventSource;
import io.vertx.core.buffer.Buffer;

/**
 * One event for a function: what fired it and its body, which is either whole ({@code body}) or still arriving
 * ({@code streamed}, then {@code body} is empty).
 */
public record Event(EventSource source, Buffer body, RequestBody streamed) {

    public Event(EventSource source, Buffer body) {
        this(source, body, null);
    }
}
