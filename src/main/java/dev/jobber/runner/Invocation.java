package dev.jobber.runner;

import dev.jobber.metrics.TriggerType;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.Frames;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** An event on its way through a pool: queued, then sent to one runner, then answered or failed exactly once. */
final class Invocation implements EventHandle {

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
    private volatile BodyChannel body;
    /** Bytes of the streamed answer written to the caller and not yet granted back to the runner. */
    private long written;
    /** Bytes of streamed answer the runner may still send: the window plus grants, less what it sent. */
    private long responseCredit = Frames.RESPONSE_WINDOW;
    long queueTimer = -1;
    long timeoutTimer = -1;
    /** The pool that holds this invocation (queued or running). */
    volatile RunnerPool pool;
    Runner runner;
    long id;

    Invocation(Event event, ResponseSink sink) {
        this.event = event;
        this.sink = sink;
        this.type = TriggerType.of(event.source().kind());
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

    /** Starts forwarding a streamed request body to {@code runner}, after the event frame was sent. */
    void openBody(Runner target, RequestBody source) {
        var link = target.link;
        BodyChannel channel = new BodyChannel(this, target, source, link == null ? 0 : link.bodyWindow());
        body = channel;
        if (finished.get()) {
            channel.close();
        } else {
            source.start(channel);
        }
    }

    /** The runner's window frame for this event: request body credit. */
    void grant(long bytes) {
        BodyChannel channel = body;
        if (channel != null) {
            channel.grant(bytes);
        }
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
            closeBody();
            sink.head(status, headers, body, false);
        }
    }

    /** Passes on a chunk of the streamed answer; returns false when the runner sent it beyond its window. */
    boolean chunk(Buffer data) {
        int length = data.length();
        synchronized (this) {
            responseCredit -= length;
            if (responseCredit < 0) {
                return false;
            }
        }
        if (started && !finished.get()) {
            sink.chunk(data, () -> written(length));
        }
        return true;
    }

    /** Grants the runner what the caller took, a step at a time. */
    private void written(int length) {
        long grant;
        synchronized (this) {
            written += length;
            if (written < Frames.WINDOW_STEP || finished.get()) {
                return;
            }
            grant = written;
            written = 0;
            responseCredit += grant;
        }
        Runner current = runner;
        if (current != null) {
            current.send(new Frame.Window(id, grant));
        }
    }

    /** Ends a streamed answer; returns whether this call finished the invocation. */
    boolean end() {
        if (started && finished.compareAndSet(false, true)) {
            finished(true);
            closeBody();
            sink.end();
            return true;
        }
        return false;
    }

    /** Fails the invocation unless it already finished; returns whether this call finished it. */
    boolean fail(int status, String message) {
        if (finished.compareAndSet(false, true)) {
            finished(false);
            closeBody();
            sink.fail(status, message);
            return true;
        }
        return false;
    }

    @Override
    public void abandon() {
        RunnerPool current = pool;
        if (current != null && !finished.get()) {
            current.abandon(this, 499, "The caller went away");
        }
    }

    private void closeBody() {
        BodyChannel channel = body;
        if (channel != null) {
            channel.close();
        } else if (event.streamed() != null) {
            event.streamed().stop();
        }
    }
}
