package dev.jobber.runner;

import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import dev.jobber.runner.protocol.RunnerRegistry;
import dev.jobber.runner.protocol.RunnerSessions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One container running one version's code, and its authenticated connection. State changes happen under its pool's
 * lock; frames arrive on the connection's event loop.
 */
final class Runner implements RunnerSessions.Session, RunnerRegistry.Candidate {

    private static final Logger LOG = Logger.getLogger(Runner.class);
    private static final int RECENT_REQUEST_IDS = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    final UUID id = UUID.randomUUID();
    final String secret;
    final RunnerPool pool;
    final Instant createdAt = Instant.now();
    private final long createdNanos = System.nanoTime();
    final Map<Long, Invocation> inFlight = new ConcurrentHashMap<>();
    /** Request ids of the latest events, so output arriving after its event finished still carries its id. */
    private final Map<Long, UUID> recentRequestIds = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, UUID> eldest) {
            return size() > RECENT_REQUEST_IDS;
        }
    };
    /** Splits this runner's output into lines; guarded by itself. */
    final LineSplitter<RunnerOutput.Key> lines = new LineSplitter<>();
    /** What is left of a log frame while its connection is held for want of log buffer room; guarded by lines. */
    RunnerOutput.Held heldOutput;
    /** Lines dropped while it was being killed and the log buffer had no room; guarded by lines. */
    long droppedLines;
    /** Being killed: its output is no longer held back (lines without room are dropped instead). */
    volatile boolean killing;
    /** In run-once mode, the one invocation this runner exists for. */
    final Invocation reserved;

    private RunnerState state = RunnerState.STARTING;
    /** Written under the pool's lock, read on the connection's event loop. */
    private volatile long nextEventId = 1;
    volatile String containerId;
    volatile RunnerLink link;
    volatile Instant readyAt;
    /** {@link System#nanoTime()} when it became ready; 0 before. */
    volatile long readyNanos;
    private long closingNanos;
    /** Events handed to it so far; guarded by its pool. */
    int eventsReceived;
    volatile Instant lastRequestAt;
    volatile Instant closingAt;
    volatile Instant closedAt;
    volatile long lastSeenNanos = System.nanoTime();

    Runner(RunnerPool pool, Invocation reserved) {
        this.pool = pool;
        this.secret = newSecret();
        this.reserved = reserved;
        pool.meters.runnerCreated();
    }

    /** 256 random bits, hex: what the runner proves its identity with on the manager socket. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String secret() {
        return secret;
    }

    @Override
    public Optional<RunnerSessions.Session> admit(RunnerLink link) {
        return pool.admit(this, link);
    }

    RunnerState state() {
        return state;
    }

    /** Moves to {@code target}; the pool checks the state first, so an illegal move is a bug and fails loudly. */
    void moveTo(RunnerState target) {
        if (!state.canMoveTo(target)) {
            throw new IllegalStateException("Runner " + id + " cannot move from " + state + " to " + target);
        }
        state = target;
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        switch (target) {
            case READY -> {
                readyAt = now;
                readyNanos = nanos;
                pool.meters.runnerReady(nanos - createdNanos);
            }
            case CLOSING -> {
                closingAt = now;
                closingNanos = nanos;
            }
            case CLOSED -> {
                closedAt = now;
                pool.meters.runnerClosed(closingAt != null ? nanos - closingNanos : -1, lastRequestAt);
            }
            default -> {
            }
        }
    }

    long nextEventId() {
        return nextEventId++;
    }

    void remember(Invocation invocation) {
        synchronized (recentRequestIds) {
            recentRequestIds.put(invocation.id, invocation.requestId);
        }
    }

    /** The request id of an event in flight or among the latest ones; null when unknown. */
    UUID requestId(long eventId) {
        Invocation invocation = inFlight.get(eventId);
        if (invocation != null) {
            return invocation.requestId;
        }
        synchronized (recentRequestIds) {
            return recentRequestIds.get(eventId);
        }
    }

    Instant lastActivity() {
        Instant last = lastRequestAt;
        return last != null ? last : readyAt != null ? readyAt : createdAt;
    }

    @Override
    public void onFrame(Frames.Frame frame) {
        lastSeenNanos = System.nanoTime();
        JsonObject header = frame.header();
        switch (frame.type()) {
            case "ready" -> pool.onReady(this);
            case "failed" -> pool.onStartFailed(this, "the function failed to load: "
                    + header.getString("message", "unknown error"), 502);
            case "pong" -> {
            }
            case "response" -> {
                Invocation invocation = invocation(frame);
                if (invocation != null) {
                    int status = header.getValue("status") instanceof Number n ? n.intValue() : 200;
                    List<Map.Entry<String, String>> headers = headers(header.getValue("headers"));
                    if (Boolean.TRUE.equals(header.getValue("stream"))) {
                        invocation.head(status, headers, null, true);
                    } else {
                        invocation.head(status, headers, frame.body(), false);
                        pool.onInvocationDone(this, invocation);
                    }
                }
            }
            case "chunk" -> {
                Invocation invocation = invocation(frame);
                if (invocation != null && !invocation.chunk(frame.body())) {
                    throw new Frames.ProtocolException("a chunk of event " + invocation.id
                            + "'s streamed response beyond its window");
                }
            }
            case "end" -> {
                Invocation invocation = invocation(frame);
                if (invocation != null) {
                    invocation.end();
                    pool.onInvocationDone(this, invocation);
                }
            }
            case "window" -> {
                Invocation invocation = invocation(frame);
                if (invocation != null && header.getValue("bytes") instanceof Number bytes) {
                    invocation.grant(bytes.longValue());
                }
            }
            case "error" -> {
                Invocation invocation = invocation(frame);
                if (invocation != null) {
                    invocation.fail(502, "The function failed: " + header.getString("message", "unknown error"));
                    pool.onInvocationDone(this, invocation);
                }
            }
            case "call" -> {
                RunnerLink current = link;
                if (!(header.getValue("cid") instanceof Number)) {
                    throw new Frames.ProtocolException("a call frame has no number \"cid\"");
                }
                if (current != null) {
                    pool.calls().handle(this, frame, current.beginCall(frame.body().length()));
                }
            }
            case "log" -> pool.output().handle(this, frame);
            default -> throw new Frames.ProtocolException("unknown frame type \"" + frame.type() + "\"");
        }
    }

    @Override
    public void onViolation(String reason) {
        pool.kill(this, "it broke the manager protocol: " + reason);
    }

    @Override
    public void onClose() {
        link = null;
        pool.output().finish(this);
        pool.onDisconnected(this);
    }

    /**
     * The event in flight a frame is about; null when it was given but is no longer in flight (cancelled, timed
     * out).
     *
     * @throws Frames.ProtocolException when the frame names no event or one this runner was never given
     */
    private Invocation invocation(Frames.Frame frame) {
        Object id = frame.header().getValue("id");
        if (!(id instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new Frames.ProtocolException("a " + frame.type() + " frame has no event id");
        }
        long eventId = n.longValue();
        if (eventId < 1 || eventId >= nextEventId) {
            throw new Frames.ProtocolException("a " + frame.type() + " frame for event " + eventId
                    + " it was not given");
        }
        return inFlight.get(eventId);
    }

    private static List<Map.Entry<String, String>> headers(Object value) {
        if (!(value instanceof JsonArray pairs)) {
            return List.of();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(pairs.size());
        for (Object pair : pairs) {
            if (pair instanceof JsonArray a && a.size() == 2 && a.getValue(0) instanceof String name) {
                headers.add(Map.entry(name, String.valueOf(a.getValue(1))));
            }
        }
        return headers;
    }

    void send(JsonObject header) {
        send(header, null);
    }

    void send(JsonObject header, io.vertx.core.buffer.Buffer body) {
        RunnerLink current = link;
        if (current != null) {
            current.send(header, body);
        }
    }
}
