package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** A frame as cut from the wire: its JSON header (with a string {@code t}) and its body; {@link FrameCodec} types it. */
record RawFrame(JsonObject header, Buffer body) {

    String type() {
        return header.getString("t");
    }
}
