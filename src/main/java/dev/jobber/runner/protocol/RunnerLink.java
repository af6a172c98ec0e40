package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/** The authenticated connection of one runner: every frame on it belongs to that runner and no other. */
public final class RunnerLink {

    private final NetSocket socket;
    private final FrameWriter writer;

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

    public void close() {
        socket.close();
    }

    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
