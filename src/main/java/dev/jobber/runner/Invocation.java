package dev.jobber.runner;

import dev.jobber.metrics.TriggerType;
import dev.jobber.metrics.VersionMeters;
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
    private final TriggerType type;
    private final long createdNanos = System.nanoTime();
    /** When it reached a runner; 0 before. */
    private volatile long dispatchedNanos;
    /** The meters of the pool that took it; null until a pool did. */
    volatile VersionMeters meters;
    long queueTimer = -1;
    long timeoutTimer = -1;
    Runner runner;
    long id;

    Invocation(Event event, ResponseSink sink) {
        this.event = event;
        this.sink = sink;
        this.type = TriggerType.of(event.header().getString("kind"));
        sink.accepted(requestId);
    }

    /**
     * It reaches {@code runner} (under its pool's lock): records how long it waited, and whether that was for this
     * very runner to start (a cold start: the runner's first event, which arrived before the runner was ready).
     */
    void dispatched(Runner runner) {
        long now = System.nanoTime();
        dispatchedNanos = now;
        boolean cold = runner.eventsReceived++ == 0 && runner.readyNanos - createdNanos > 0;
        meters.dispatched(type, now - createdNanos, cold);
    }

    private void finished(boolean success) {
        VersionMeters current = meters;
        if (current != null) {
            long dispatched = dispatchedNanos;
            current.finished(type, success, dispatched == 0 ? -1 : System.nanoTime() - dispatched);
        }
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
            finished(true);
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
            finished(true);
            sink.end();
            return true;
        }
        return false;
    }

    /** Fails the invocation unless it already finished; returns whether this call finished it. */
    boolean fail(int status, String message) {
        if (finished.compareAndSet(false, true)) {
            finished(false);
            sink.fail(status, message);
            return true;
        }
        return false;
    }
}
