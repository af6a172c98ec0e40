package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The manager socket's framing (docs/runner-protocol.md): {@code uint32 headerLength, uint32 bodyLength}, a UTF-8
 * JSON header with a string {@code t}, then the raw body; its limits, shared with the runner through the golden
 * fixtures in {@code runner-images/test/fixtures/frames/}.
 */
public final class Frames {

    public static final int MAX_HEADER = 1024 * 1024;
    public static final int MAX_BODY = 8 * 1024 * 1024;
    /** Bytes of streamed response body a runner may send per event ahead of the manager's window frames. */
    public static final int RESPONSE_WINDOW = 1024 * 1024;
    /** Window frames grant at least this much at a time (a quarter of a window), so they stay few. */
    public static final int WINDOW_STEP = RESPONSE_WINDOW / 4;

    private Frames() {
    }

    /** A frame that breaks the protocol; the connection is closed. */
    public static final class ProtocolException extends RuntimeException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /** Appends the frame to {@code out} (one copy of the body); returns {@code out}. */
    static Buffer appendTo(Buffer out, JsonObject header, Buffer body) {
        Buffer json = header.toBuffer();
        int bodyLength = body == null ? 0 : body.length();
        if (json.length() > MAX_HEADER || bodyLength > MAX_BODY) {
            throw new ProtocolException("frame too large: header " + json.length() + ", body " + bodyLength);
        }
        out.appendInt(json.length()).appendInt(bodyLength).appendBuffer(json);
        if (bodyLength > 0) {
            out.appendBuffer(body);
        }
        return out;
    }
}
