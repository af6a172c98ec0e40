package dev.jobber.runner.protocol;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames to a socket from any thread, coalescing every frame queued within one event-loop turn into a single
 * socket write (one syscall and wake-up for many frames). Tells writers of bulk data when to wait.
 */
public final class FrameWriter {

    /** Queued bytes above which the writer counts as full even before they reach the socket. */
    static final int MAX_PENDING = 1024 * 1024;

    private final NetSocket socket;
    private final Context context;
    private Buffer pending = Buffer.buffer();
    private boolean flushScheduled;
    private List<Runnable> waiters = new ArrayList<>();

    public FrameWriter(NetSocket socket, Context context) {
        this.socket = socket;
        this.context = context;
        socket.drainHandler(v -> wakeWaiters());
    }

    public void send(JsonObject header) {
        send(header, null);
    }

    public void send(JsonObject header, Buffer body) {
        boolean schedule;
        synchronized (this) {
            Frames.appendTo(pending, header, body);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            context.runOnContext(v -> flush());
        }
    }

    /** Whether bulk writers should wait: much is queued, or the socket's buffer is full. */
    public boolean writeQueueFull() {
        synchronized (this) {
            if (pending.length() > MAX_PENDING) {
                return true;
            }
        }
        return socket.writeQueueFull();
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
        if (out.length() > 0) {
            socket.write(out);
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
