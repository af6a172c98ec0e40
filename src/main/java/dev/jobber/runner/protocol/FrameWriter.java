package dev.jobber.runner.protocol;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/**
 * Writes frames to a socket from any thread, coalescing every frame queued within one event-loop turn into a single
 * socket write (one syscall and wake-up for many frames).
 */
public final class FrameWriter {

    private final NetSocket socket;
    private final Context context;
    private Buffer pending = Buffer.buffer();
    private boolean flushScheduled;

    public FrameWriter(NetSocket socket, Context context) {
        this.socket = socket;
        this.context = context;
    }

    public void send(JsonObject header) {
        send(header, null);
    }

    public void send(JsonObject header, Buffer body) {
        Buffer frame = Frames.encode(header, body);
        boolean schedule;
        synchronized (this) {
            pending.appendBuffer(frame);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            context.runOnContext(v -> flush());
        }
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
    }
}
