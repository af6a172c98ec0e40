package dev.jobber.runner.protocol;

import io.vertx.core.Context;
import io.vertx.core.net.NetSocket;

/** The authenticated connection of one runner: every frame on it belongs to that runner and no other. */
public final class RunnerLink {

    private final NetSocket socket;
    private final FrameWriter writer;
    private final CallBudget calls;
    private final Context context;
    private final Runnable onRelease;
    private volatile long bodyWindow;
    private volatile boolean held;

    RunnerLink(NetSocket socket, FrameWriter writer, CallBudget calls, Context context, Runnable onRelease) {
        this.socket = socket;
        this.writer = writer;
        this.calls = calls;
        this.context = context;
        this.onRelease = onRelease;
    }

    /**
     * Stops taking the runner's frames after the current one, until {@link #release}: the runner's output then waits
     * in the runner (its writes block) instead of in the manager.
     */
    public void hold() {
        held = true;
    }

    /** Takes the runner's frames again (from any thread). */
    public void release() {
        held = false;
        context.runOnContext(v -> onRelease.run());
    }

    public boolean held() {
        return held;
    }

    /** Runs {@code action} on the connection's event loop. */
    public void onLoop(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    public void send(Frame.ToRunner frame) {
        writer.send(frame);
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

    /**
     * Whether reading must wait: the runner's output is held back, the call budget is used up, or too much waits to be
     * written to the runner.
     */
    boolean overBudget() {
        return held || calls.exhausted() || writer.backlogged();
    }

    public void close() {
        socket.close();
    }

    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
