package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/** The authenticated connection of one runner: every frame on it belongs to that runner and no other. */
public final class RunnerLink {

    private final NetSocket socket;
    private final FrameWriter writer;
    private volatile long bodyWindow;

    RunnerLink(NetSocket socket, FrameWriter writer) {
        this.socket = socket;
        this.writer = writer;
    }

    public void send(JsonObject header) {
        writer.send(header, null);
    }

    public void send(JsonObject header, Buffer body) {
        writer.send(header, body);
    }

    /** Whether senders of bulk data should wait (see {@link #whenWritable}). */
    public boolean writeQueueFull() {
        return writer.writeQueueFull();
    }

    /** Runs {@code action} on the connection's event loop once it takes bulk data again. */
    public void whenWritable(Runnable action) {
        writer.whenWritable(action);
    }

    /**
     * Bytes of a streamed request body the runner accepts per event ahead of its {@code window} frames (its hello's
     * {@code window}); 0 when it announced none, and then takes bodies without flow control.
     */
    public long bodyWindow() {
        return bodyWindow;
    }

    void bodyWindow(long bytes) {
        bodyWindow = bytes;
    }

    public void close() {
        socket.close();
    }

    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
