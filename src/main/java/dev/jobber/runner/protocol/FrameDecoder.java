package dev.jobber.runner.protocol;

import dev.jobber.runner.protocol.Frames.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Cuts a connection's bytes into frames, one at a time on demand, so that its reader can stop taking frames at any
 * point. Lengths are checked against the current limits as soon as a frame's 8-byte prefix is in, before its header
 * and body are buffered. Not thread-safe: one connection's event loop uses it.
 */
final class FrameDecoder {

    private static final int PREFIX = 8;
    private static final int COMPACT_AT = 64 * 1024;

    private Buffer buffer = Buffer.buffer();
    private int position;
    private int maxHeader;
    private int maxBody;

    FrameDecoder(int maxHeader, int maxBody) {
        limits(maxHeader, maxBody);
    }

    /** Changes the largest header and body accepted from the next frame on. */
    void limits(int maxHeader, int maxBody) {
        this.maxHeader = maxHeader;
        this.maxBody = maxBody;
    }

    void feed(Buffer data) {
        if (position == buffer.length()) {
            buffer = Buffer.buffer(data.length());
            position = 0;
        } else if (position >= COMPACT_AT) {
            buffer = buffer.getBuffer(position, buffer.length());
            position = 0;
        }
        buffer.appendBuffer(data);
    }

    /**
     * The next complete frame, or null until more bytes arrive.
     *
     * @throws ProtocolException when the frame's lengths are out of bounds or its header is not a JSON object with a
     *                           string {@code t}
     */
    RawFrame next() {
        int available = buffer.length() - position;
        if (available < PREFIX) {
            return null;
        }
        int headerLength = buffer.getInt(position);
        int bodyLength = buffer.getInt(position + 4);
        if (headerLength < 2 || headerLength > maxHeader || bodyLength < 0 || bodyLength > maxBody) {
            throw new ProtocolException("frame lengths out of bounds: header " + Integer.toUnsignedString(headerLength)
                    + " (at most " + maxHeader + "), body " + Integer.toUnsignedString(bodyLength) + " (at most "
                    + maxBody + ")");
        }
        if (available < PREFIX + headerLength + bodyLength) {
            return null;
        }
        int start = position + PREFIX;
        JsonObject header;
        try {
            header = new JsonObject(buffer.getBuffer(start, start + headerLength));
        } catch (DecodeException | ClassCastException e) {
            throw new ProtocolException("frame header is not a JSON object");
        }
        if (!(header.getValue("t") instanceof String)) {
            throw new ProtocolException("frame header has no string \"t\"");
        }
        Buffer body = bodyLength == 0 ? Buffer.buffer()
                : buffer.getBuffer(start + headerLength, start + headerLength + bodyLength);
        position = start + headerLength + bodyLength;
        return new RawFrame(header, body);
    }
}
