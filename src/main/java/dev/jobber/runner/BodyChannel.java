package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import io.vertx.core.buffer.Buffer;

/**
 * Carries one event's streamed request body to its runner as chunk frames, within the runner's window: never more
 * than {@link RunnerLink#bodyWindow()} bytes ahead of its {@code window} frames, and not while the connection's
 * write queue is full. Every body that does not travel whole in its event frame goes through here: an upload as it
 * arrives, a large body in memory (an MQTT payload) from {@link MemoryBody}. Writes come from the body's reader;
 * credit arrives on the runner's event loop.
 */
public final class BodyChannel {

    /** Where the chunks go: the runner's connection, while it is up. */
    interface Outlet {
        /** Sends the frame; drops it when the runner is not connected. */
        void send(Frame.ToRunner frame);

        /** Whether senders of bulk data should wait; false when the runner is not connected. */
        boolean writeQueueFull();

        /** Runs {@code action} once bulk data is taken again; never when the runner is not connected. */
        void whenWritable(Runnable action);
    }

    private final Invocation invocation;
    private final Outlet runner;
    private final RequestBody source;
    private long credit;
    /** The part of the last chunk beyond the window, sent when credit arrives. */
    private Buffer held;
    private boolean endHeld;
    private boolean paused;
    private boolean closed;

    BodyChannel(Invocation invocation, Outlet runner, RequestBody source, long window) {
        this.invocation = invocation;
        this.runner = runner;
        this.source = source;
        this.credit = window > 0 ? window : Long.MAX_VALUE;
    }

    /** Sends a chunk; returns false when the caller must pause until {@link RequestBody#resume()}. */
    public boolean write(Buffer chunk) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            held = send(chunk);
            paused = held != null || credit == 0 || linkFull();
            if (!paused) {
                return true;
            }
        }
        if (linkFull()) {
            runner.whenWritable(this::unblock);
        }
        return false;
    }

    /** The body is complete. */
    public void end() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (held != null) {
                endHeld = true;
                return;
            }
            closed = true;
        }
        runner.send(new Frame.End(invocation.id));
    }

    /** Fails the event (e.g. 413, the body grew past the limit): its caller gets {@code status}; the runner a cancel. */
    public void fail(int status, String message) {
        invocation.pool.abandon(invocation, status, message);
    }

    /** The runner's window frame: it took {@code bytes} more of the body. */
    void grant(long bytes) {
        synchronized (this) {
            if (closed || bytes <= 0) {
                return;
            }
            credit = credit > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : credit + bytes;
        }
        unblock();
    }

    /** The event is over: nothing more is sent, and the body's reader is told to stop. */
    void close() {
        synchronized (this) {
            closed = true;
            held = null;
            endHeld = false;
        }
        source.stop();
    }

    private void unblock() {
        boolean resume = false;
        boolean sendEnd = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (held != null) {
                held = send(held);
                if (held == null && endHeld) {
                    endHeld = false;
                    closed = true;
                    sendEnd = true;
                }
            }
            if (paused && held == null && !closed && credit > 0 && !linkFull()) {
                paused = false;
                resume = true;
            }
        }
        if (sendEnd) {
            runner.send(new Frame.End(invocation.id));
        } else if (resume) {
            source.resume();
        } else if (paused && linkFull()) {
            runner.whenWritable(this::unblock);
        }
    }

    /** Sends as much of {@code chunk} as the credit allows; returns the rest, or null. */
    private Buffer send(Buffer chunk) {
        int length = chunk.length();
        int n = (int) Math.min(length, Math.min(credit, Frames.MAX_BODY));
        int at = 0;
        while (n > 0) {
            runner.send(new Frame.Chunk(invocation.id, n == length && at == 0 ? chunk : chunk.getBuffer(at, at + n)));
            credit -= n;
            at += n;
            n = (int) Math.min(length - at, Math.min(credit, Frames.MAX_BODY));
        }
        return at == length ? null : chunk.getBuffer(at, length);
    }

    private boolean linkFull() {
        return runner.writeQueueFull();
    }
}
