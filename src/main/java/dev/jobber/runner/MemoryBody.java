package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;

/**
 * A body already in memory (a large MQTT payload) written into its {@link BodyChannel} a piece at a time, so that it
 * reaches the runner within the runner's window like an upload does.
 */
final class MemoryBody implements RequestBody {

    private final Buffer bytes;
    private final int piece;
    private BodyChannel channel;
    private int at;
    private boolean stopped;

    /** @param piece the most bytes written at a time */
    MemoryBody(Buffer bytes, int piece) {
        this.bytes = bytes;
        this.piece = piece;
    }

    @Override
    public synchronized void start(BodyChannel target) {
        channel = target;
        pump();
    }

    @Override
    public synchronized void resume() {
        pump();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
    }

    private void pump() {
        if (channel == null) {
            return;
        }
        while (!stopped && at < bytes.length()) {
            int end = Math.min(bytes.length(), at + piece);
            Buffer next = bytes.slice(at, end);
            at = end;
            if (!channel.write(next)) {
                return;
            }
        }
        if (!stopped) {
            stopped = true;
            channel.end();
        }
    }
}
