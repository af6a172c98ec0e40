package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Receives a function's answer to one event, exactly once: either {@link #head} (then, when streaming, any number of
 * {@link #chunk}s and one {@link #end}) or {@link #fail}. Called from event-loop threads; must not block.
 */
public interface ResponseSink {

    /** Called first, with the id under which the event's log lines are recorded. */
    default void accepted(UUID requestId) {
    }

    /** The status and headers; {@code body} is the whole body unless {@code streaming}. */
    void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming);

    /**
     * A part of a streamed body. The sink runs {@code written} once the data has left its buffers (or was dropped):
     * only then may the runner send more, so a slow client slows the function down instead of filling memory.
     */
    void chunk(Buffer data, Runnable written);

    void end();

    /**
     * The event failed: 502 the function or its runner failed, 503 no runner is available, 504 it timed out, 413
     * its streamed request body grew past the limit. May also follow a streaming {@link #head}, when the runner
     * fails mid-stream.
     */
    void fail(int status, String message);
}
