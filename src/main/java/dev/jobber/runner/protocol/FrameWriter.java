package dev.jobber.runner.protocol;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames to a socket from any thread, coalescing every frame queued within one event-loop turn into a single
 * socket write (one syscall and wake-up for many frames). Counts the bytes queued until the operating system took
 * them, tells writers of bulk data when to wait, and gives up on a peer that lets more than a hard limit pile up.
 */
public final class FrameWriter {

    private final NetSocket socket;
    private final Context context;
    private final long fullAt;
    private final long hardLimit;
    private final Runnable onDrained;
    private final Runnable onOverflow;
    private Buffer pending = Buffer.buffer();
    private boolean flushScheduled;
    /** Bytes accepted by {@link #send} and not yet written to the operating system; guarded by this. */
    private long queued;
    private boolean overflowed;
    private List<Runnable> waiters = new ArrayList<>();

    /**
     * @param fullAt     queued bytes above which the writer counts as full
     * @param hardLimit  queued bytes beyond which frames are dropped and {@code onOverflow} runs (once)
     * @param onDrained  runs on the socket's event loop whenever queued bytes were written out
     * @param onOverflow runs on the socket's event loop when the hard limit was passed
     */
    FrameWriter(NetSocket socket, Context context, long fullAt, long hardLimit, Runnable onDrained,
            Runnable onOverflow) {
        this.socket = socket;
        this.context = context;
        this.fullAt = fullAt;
        this.hardLimit = hardLimit;
        this.onDrained = onDrained;
        this.onOverflow = onOverflow;
        socket.drainHandler(v -> wakeWaiters());
    }

    public void send(Frame.ToRunner frame) {
        boolean schedule;
        boolean overflow = false;
        synchronized (this) {
            if (overflowed) {
                return;
            }
            int before = pending.length();
            FrameCodec.appendTo(pending, frame);
            queued += pending.length() - before;
            if (queued > hardLimit) {
                overflowed = true;
                overflow = true;
            }
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (overflow) {
            context.runOnContext(v -> onOverflow.run());
        }
        if (schedule) {
            context.runOnContext(v -> flush());
        }
    }

    /** Bytes queued and not yet written to the operating system. */
    public synchronized long queuedBytes() {
        return queued;
    }

    /** Whether more than the writer's size waits to be written to the operating system. */
    public boolean backlogged() {
        return queuedBytes() > fullAt;
    }

    /** Whether bulk writers should wait: much is queued, or the socket's buffer is full. */
    public boolean writeQueueFull() {
        return backlogged() || socket.writeQueueFull();
    }

    /** Runs {@code action} on the socket's event loop once {@link #writeQueueFull()} is false (soon if it is now). */
    public void whenWritable(Runnable action) {
        synchronized (this) {
            waiters.add(action);
        }
        context.runOnContext(v -> wakeWaiters());
    }

    private void flush() {
        Buffer out;
        synchronized (this) {
            out = pending;
            pending = Buffer.buffer();
            flushScheduled = false;
        }
        int length = out.length();
        if (length > 0) {
            socket.write(out, written -> {
                synchronized (this) {
                    queued -= length;
                }
                wakeWaiters();
                onDrained.run();
            });
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        if (writeQueueFull()) {
            return;
        }
        List<Runnable> ready;
        synchronized (this) {
            if (waiters.isEmpty()) {
                return;
            }
            ready = waiters;
            waiters = new ArrayList<>();
        }
        ready.forEach(Runnable::run);
    }
}
