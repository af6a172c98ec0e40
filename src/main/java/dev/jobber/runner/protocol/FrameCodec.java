package dev.jobber.runner.protocol;

import static dev.jobber.runner.protocol.HeaderFields.eventId;
import static dev.jobber.runner.protocol.HeaderFields.headers;
import static dev.jobber.runner.protocol.HeaderFields.optionalString;
import static dev.jobber.runner.protocol.HeaderFields.putIfPresent;
import static dev.jobber.runner.protocol.HeaderFields.requireBoolean;
import static dev.jobber.runner.protocol.HeaderFields.requireLong;
import static dev.jobber.runner.protocol.HeaderFields.requireString;
import static dev.jobber.runner.protocol.HeaderFields.window;
import static dev.jobber.runner.protocol.HeaderFields.without;

import dev.jobber.runner.protocol.Frames.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@link Frame}s into wire frames and back; the only place that knows the protocol's header fields. Decoding
 * what a runner sends is as strict as the manager must be (a frame type it does not know, an event frame without an
 * integer {@code id}, a call without a number {@code cid}) and lenient about what it can do without (a response
 * without {@code status} is a 200). Frames the manager sends are decoded strictly (for tests and tools): the fields
 * the protocol requires must be there.
 */
public final class FrameCodec {

    /** The types of {@link Frame.FromRunner}. */
    private static final Set<String> RUNNER_TYPES = Set.of("hello", "ready", "failed", "response", "chunk", "end",
            "window", "error", "call", "log", "pong");

    private FrameCodec() {
    }

    /** The whole frame, length prefix included. @throws ProtocolException when it is over the size limits */
    public static Buffer encode(Frame frame) {
        return appendTo(Buffer.buffer(), frame);
    }

    /** Appends the encoded frame to {@code out}; returns {@code out}. @throws ProtocolException when too large */
    public static Buffer appendTo(Buffer out, Frame frame) {
        return Frames.appendTo(out, header(frame), body(frame));
    }

    /**
     * Decodes one whole frame (length prefix included) within the protocol's limits.
     *
     * @throws ProtocolException when the bytes are not exactly one valid frame
     */
    public static Frame decode(Buffer wire) {
        FrameDecoder decoder = new FrameDecoder(Frames.MAX_HEADER, Frames.MAX_BODY);
        decoder.feed(wire);
        RawFrame raw = decoder.next();
        if (raw == null || decoder.next() != null) {
            throw new ProtocolException("not exactly one frame: " + wire.length() + " bytes");
        }
        return decode(raw);
    }

    /** A frame from a runner. @throws ProtocolException when it is malformed or not one a runner may send */
    static Frame.FromRunner fromRunner(RawFrame raw) {
        if (!RUNNER_TYPES.contains(raw.type())) {
            throw unknownType(raw.type());
        }
        return (Frame.FromRunner) decode(raw);
    }

    static Frame decode(RawFrame raw) {
        JsonObject h = raw.header();
        Buffer body = raw.body();
        String type = raw.type();
        return switch (type) {
            case "hello" -> new Frame.Hello(requireLong(h, type, "protocol"), requireString(h, type, "runnerId"),
                    requireString(h, type, "secret"), h.getValue("node") instanceof String s ? s : null,
                    window(h));
            case "init" -> init(h);
            case "reject" -> new Frame.Reject(requireString(h, type, "message"));
            case "ready" -> new Frame.Ready();
            case "failed" -> new Frame.Failed(optionalString(h, "message"), optionalString(h, "stack"));
            case "event" -> new Frame.Event(eventId(h, type), source(h), Boolean.TRUE.equals(h.getValue("stream")),
                    body);
            case "cancel" -> new Frame.Cancel(eventId(h, type));
            case "response" -> new Frame.Response(eventId(h, type),
                    h.getValue("status") instanceof Number n ? n.intValue() : 200, headers(h.getValue("headers")),
                    Boolean.TRUE.equals(h.getValue("stream")), body);
            case "chunk" -> new Frame.Chunk(eventId(h, type), body);
            case "end" -> new Frame.End(eventId(h, type));
            case "window" -> new Frame.Window(eventId(h, type),
                    h.getValue("bytes") instanceof Number n ? n.longValue() : 0);
            case "error" -> new Frame.Error(eventId(h, type), optionalString(h, "message"),
                    optionalString(h, "stack"));
            case "call" -> call(h, body);
            case "reply" -> reply(h, body);
            case "log" -> new Frame.Log("stderr".equals(h.getValue("stream")) ? Frame.Log.Stream.STDERR
                    : Frame.Log.Stream.STDOUT, h.getValue("id") instanceof Number n ? n.longValue() : null, body);
            case "ping" -> new Frame.Ping();
            case "pong" -> new Frame.Pong();
            case "shutdown" -> new Frame.Shutdown();
            default -> throw unknownType(type);
        };
    }

    /** The frame's type on the wire ({@code t}), for messages. */
    public static String type(Frame frame) {
        return header(frame).getString("t");
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    static JsonObject header(Frame frame) {
        JsonObject h = new JsonObject();
        switch (frame) {
            case Frame.Hello f -> {
                h.put("t", "hello").put("protocol", f.protocol()).put("runnerId", f.runnerId())
                        .put("secret", f.secret());
                putIfPresent(h, "node", f.node());
                window(h, f.window());
            }
            case Frame.Init f -> {
                h.put("t", "init").put("env", new JsonObject(new LinkedHashMap<>(f.env())))
                        .put("job", new JsonObject().put("name", f.jobName()).put("version", f.jobVersion())
                                .put("main", f.main()));
                window(h, f.window());
            }
            case Frame.Reject f -> h.put("t", "reject").put("message", f.message());
            case Frame.Ready f -> h.put("t", "ready");
            case Frame.Failed f -> failure(h.put("t", "failed"), f.message(), f.stack());
            case Frame.Event f -> {
                h.put("t", "event").put("id", f.id());
                source(h, f.source());
                h.put("stream", f.stream());
            }
            case Frame.Cancel f -> h.put("t", "cancel").put("id", f.id());
            case Frame.Response f -> h.put("t", "response").put("id", f.id()).put("status", f.status())
                    .put("headers", headers(f.headers())).put("stream", f.stream());
            case Frame.Chunk f -> h.put("t", "chunk").put("id", f.id());
            case Frame.End f -> h.put("t", "end").put("id", f.id());
            case Frame.Window f -> h.put("t", "window").put("id", f.id()).put("bytes", f.bytes());
            case Frame.Error f -> failure(h.put("t", "error").put("id", f.id()), f.message(), f.stack());
            case Frame.Call f -> h.put("t", "call").put("cid", f.cid()).put("op", f.op()).mergeIn(f.arguments());
            case Frame.Reply f -> {
                h.put("t", "reply").put("cid", f.cid()).put("ok", f.ok());
                if (f.ok()) {
                    h.mergeIn(f.result());
                } else {
                    h.put("message", f.message());
                }
            }
            case Frame.Log f -> {
                h.put("t", "log").put("stream", f.stream() == Frame.Log.Stream.STDERR ? "stderr" : "stdout");
                if (f.id() != null) {
                    h.put("id", f.id());
                }
            }
            case Frame.Ping f -> h.put("t", "ping");
            case Frame.Pong f -> h.put("t", "pong");
            case Frame.Shutdown f -> h.put("t", "shutdown");
        }
        return h;
    }

    static Buffer body(Frame frame) {
        return switch (frame) {
            case Frame.Event f -> f.body();
            case Frame.Response f -> f.body();
            case Frame.Chunk f -> f.body();
            case Frame.Call f -> f.body();
            case Frame.Reply f -> f.body();
            case Frame.Log f -> f.body();
            default -> null;
        };
    }

    private static void failure(JsonObject h, String message, String stack) {
        putIfPresent(h, "message", message);
        putIfPresent(h, "stack", stack);
    }

    private static void source(JsonObject h, EventSource source) {
        h.put("kind", source.kind()).put("name", source.name());
        switch (source) {
            case EventSource.Http s -> h.put("method", s.method()).put("path", s.path()).put("query", s.query())
                    .put("headers", headers(s.headers())).put("remote", s.remote()).put("host", s.host());
            case EventSource.Schedule s -> h.put("cron", s.cron()).put("timezone", s.timezone())
                    .put("scheduledAt", s.scheduledAt());
            case EventSource.Mqtt s -> h.put("topic", s.topic());
        }
    }

    // ---- decoding -----------------------------------------------------------------------------------------------

    private static Frame.Init init(JsonObject h) {
        if (!(h.getValue("env") instanceof JsonObject env) || !(h.getValue("job") instanceof JsonObject job)) {
            throw new ProtocolException("an init frame needs the objects \"env\" and \"job\"");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, Object> variable : env) {
            if (!(variable.getValue() instanceof String value)) {
                throw new ProtocolException("an init frame has no string value for \"" + variable.getKey() + "\"");
            }
            variables.put(variable.getKey(), value);
        }
        return new Frame.Init(variables, requireString(job, "init", "name"), requireString(job, "init", "version"),
                requireString(job, "init", "main"), window(h));
    }

    private static EventSource source(JsonObject h) {
        String kind = requireString(h, "event", "kind");
        Object name = h.getValue("name");
        if (name != null && !(name instanceof String)) {
            throw new ProtocolException("an event frame has a \"name\" that is neither a string nor null");
        }
        return switch (kind) {
            case "http" -> new EventSource.Http((String) name, requireString(h, "event", "method"),
                    requireString(h, "event", "path"), requireString(h, "event", "query"),
                    headers(h.getValue("headers")), optionalString(h, "remote"), optionalString(h, "host"));
            case "schedule" -> new EventSource.Schedule((String) name, requireString(h, "event", "cron"),
                    requireString(h, "event", "timezone"), requireLong(h, "event", "scheduledAt"));
            case "mqtt" -> new EventSource.Mqtt((String) name, requireString(h, "event", "topic"));
            default -> throw new ProtocolException("an event frame of unknown kind \"" + kind + "\"");
        };
    }

    private static Frame.Call call(JsonObject h, Buffer body) {
        if (!(h.getValue("cid") instanceof Number cid)) {
            throw new ProtocolException("a call frame has no number \"cid\"");
        }
        return new Frame.Call(cid.longValue(), h.getValue("op") instanceof String op ? op : "",
                without(h, "t", "cid", "op"), body);
    }

    private static Frame.Reply reply(JsonObject h, Buffer body) {
        long cid = requireLong(h, "reply", "cid");
        if (requireBoolean(h, "reply", "ok")) {
            return Frame.Reply.success(cid, without(h, "t", "cid", "ok"), body);
        }
        return Frame.Reply.failure(cid, requireString(h, "reply", "message"));
    }

    private static ProtocolException unknownType(String type) {
        return new ProtocolException("unknown frame type \"" + type + "\"");
    }
}
