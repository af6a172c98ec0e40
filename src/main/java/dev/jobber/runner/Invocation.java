package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** An event on its way through a pool: queued, then sent to one runner, then answered or failed exactly once. */
final class Invocation {

    final Event event;
    /** Identifies this request in the job's logs (and to HTTP callers, as {@code X-Jobber-Request-Id}). */
    final UUID requestId = UUID.randomUUID();
    private final ResponseSink sink;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean started;
    long queueTimer = -1;
    long timeoutTimer = -1;
    Runner runner;
    long id;

    Invocation(Event event, ResponseSink sink) {
        this.event = event;
        this.sink = sink;
        sink.accepted(requestId);
    }

    boolean isFinished() {
        return finished.get();
    }

    void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming) {
        if (finished.get() || started) {
            return;
        }
        if (streaming) {
            started = true;
            sink.head(status, headers, null, true);
        } else if (finished.compareAndSet(false, true)) {
            sink.head(status, headers, body, false);
        }
    }

    void chunk(Buffer data) {
        if (started && !finished.get()) {
            sink.chunk(data);
        }
    }

    /** Ends a streamed answer; returns whether this call finished the invocation. */
    boolean end() {
        if (started && finished.compareAndSet(false, true)) {
            sink.end();
            return true;
        }
        return false;
    }

    /** Fails the invocation unless it already finished; returns whether this call finished it. */
    boolean fail(int status, String message) {
        if (finished.compareAndSet(false, true)) {
            sink.fail(status, message);
            return true;
        }
        return false;
    }
}
