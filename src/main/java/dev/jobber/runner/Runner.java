package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.FrameCodec;
import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import dev.jobber.runner.protocol.RunnerRegistry;
import dev.jobber.runner.protocol.RunnerSessions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One container running one version's code, and its authenticated connection. State changes happen under its pool's
 * lock; frames arrive on the connection's event loop.
 */
final class Runner implements RunnerSessions.Session, RunnerRegistry.Candidate, BodyChannel.Outlet {

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

    /** How many events were handed to this runner. */
    long requestsTotal() {
        return nextEventId - 1;
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
    public void onFrame(Frame.FromRunner frame) {
        lastSeenNanos = System.nanoTime();
        switch (frame) {
            case Frame.Ready f -> pool.onReady(this);
            case Frame.Failed f -> pool.onStartFailed(this, "the function failed to load: "
                    + Objects.requireNonNullElse(f.message(), "unknown error"), 502);
            case Frame.Pong f -> {
            }
            case Frame.Response f -> {
                Invocation invocation = invocation(f);
                if (invocation != null) {
                    if (f.stream()) {
                        invocation.head(f.status(), f.headers(), null, true);
                    } else {
                        invocation.head(f.status(), f.headers(), f.body(), false);
                        pool.onInvocationDone(this, invocation);
                    }
                }
            }
            case Frame.Chunk f -> {
                Invocation invocation = invocation(f);
                if (invocation != null && !invocation.chunk(f.body())) {
                    throw new Frames.ProtocolException("a chunk of event " + invocation.id
                            + "'s streamed response beyond its window");
                }
            }
            case Frame.End f -> {
                Invocation invocation = invocation(f);
                if (invocation != null) {
                    invocation.end();
                    pool.onInvocationDone(this, invocation);
                }
            }
            case Frame.Window f -> {
                Invocation invocation = invocation(f);
                if (invocation != null) {
                    invocation.grant(f.bytes());
                }
            }
            case Frame.Error f -> {
                Invocation invocation = invocation(f);
                if (invocation != null) {
                    invocation.fail(502, "The function failed: "
                            + Objects.requireNonNullElse(f.message(), "unknown error"));
                    pool.onInvocationDone(this, invocation);
                }
            }
            case Frame.Call f -> {
                RunnerLink current = link;
                if (current != null) {
                    pool.context.calls().handle(this, f, current.beginCall(f.body().length()));
                }
            }
            case Frame.Log f -> pool.context.output().handle(this, f);
            case Frame.Hello f -> throw new Frames.ProtocolException("unknown frame type \"hello\" after the hello");
        }
    }

    @Override
    public void onViolation(String reason) {
        pool.kill(this, "it broke the manager protocol: " + reason);
    }

    @Override
    public void onClose() {
        link = null;
        pool.context.output().finish(this);
        pool.onDisconnected(this);
    }

    /**
     * The event in flight a frame is about; null when it was given but is no longer in flight (cancelled, timed
     * out).
     *
     * @throws Frames.ProtocolException when the frame names an event this runner was never given
     */
    private Invocation invocation(Frame.ForEvent frame) {
        long eventId = frame.id();
        if (eventId < 1 || eventId >= nextEventId) {
            throw new Frames.ProtocolException("a " + FrameCodec.type(frame) + " frame for event " + eventId
                    + " it was not given");
        }
        return inFlight.get(eventId);
    }

    @Override
    public void send(Frame.ToRunner frame) {
        RunnerLink current = link;
        if (current != null) {
            current.send(frame);
        }
    }

    @Override
    public boolean writeQueueFull() {
        RunnerLink current = link;
        return current != null && current.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable action) {
        RunnerLink current = link;
        if (current != null) {
            current.whenWritable(action);
        }
    }
}
