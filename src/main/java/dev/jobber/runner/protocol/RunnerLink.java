package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/** The authenticated connection of one runner: every frame on it belongs to that runner and no other. */
public final class RunnerLink {

    private final NetSocket socket;
    private final FrameWriter writer;
    private final CallBudget calls;
    private volatile long bodyWindow;

    RunnerLink(NetSocket socket, FrameWriter writer, CallBudget calls) {
        this.socket = socket;
        this.writer = writer;
        this.calls = calls;
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
     * Counts a {@code call} frame against the connection's budget: while too many calls (or call bytes) are in
     * flight, the connection reads no further frames. Run the returned action once the call was answered.
     */
    public Runnable beginCall(int bodyBytes) {
        return calls.begin(bodyBytes);
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

    /** Whether reading must wait: the call budget is used up or too much waits to be written to the runner. */
    boolean overBudget() {
        return calls.exhausted() || writer.backlogged();
    }

    public void close() {
        socket.close();
    }

    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
