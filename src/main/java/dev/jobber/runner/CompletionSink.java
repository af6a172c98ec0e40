package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A sink for events nobody streams an answer to (schedules, MQTT messages): completes with the status when the
 * function answered, exceptionally with {@link Failure} when the event failed.
 */
public final class CompletionSink implements ResponseSink {

    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private int status;

    /** Why an event failed: the gateway-style status (502, 503, 504) and message. */
    public static final class Failure extends RuntimeException {
        private final int status;

        public Failure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public CompletableFuture<Integer> result() {
        return result;
    }

    @Override
    public void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming) {
        this.status = status;
        if (!streaming) {
            result.complete(status);
        }
    }

    @Override
    public void chunk(Buffer data, Runnable written) {
        written.run();
    }

    @Override
    public void end() {
        result.complete(status);
    }

    @Override
    public void fail(int status, String message) {
        result.completeExceptionally(new Failure(status, message));
    }
}
