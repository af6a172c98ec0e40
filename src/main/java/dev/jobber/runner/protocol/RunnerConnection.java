package dev.jobber.runner.protocol;

import dev.jobber.config.ManagerConfig;
import dev.jobber.runner.protocol.Frames.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

/**
 * One connection to the manager socket, on its event loop: a small hello within the deadline, then the runner's
 * session. Frames are taken one at a time and not at all while the runner's budget is used up or its session holds
 * the link (its socket is paused then); a frame that breaks the protocol closes the connection and tells the session
 * why.
 */
final class RunnerConnection {

    private static final Logger LOG = Logger.getLogger(RunnerConnection.class);

    private final Vertx vertx;
    private final NetSocket socket;
    private final Context context;
    private final RunnerSessions sessions;
    private final Runnable onAuthenticatedOrClosed;
    private final RunnerLink link;
    private final FrameDecoder decoder;
    private final long helloTimer;
    private RunnerSessions.Session session;
    private boolean helloDone;
    private boolean paused;
    private boolean pumping;
    private boolean closed;

    /** @param onAuthenticatedOrClosed runs once, when the hello phase ends either way */
    RunnerConnection(Vertx vertx, NetSocket socket, RunnerSessions sessions, ManagerConfig.Limits limits,
            Runnable onAuthenticatedOrClosed) {
        this.vertx = vertx;
        this.socket = socket;
        this.context = vertx.getOrCreateContext();
        this.sessions = sessions;
        this.onAuthenticatedOrClosed = onAuthenticatedOrClosed;
        FrameWriter writer = new FrameWriter(socket, context, limits.writeBuffer().asLongValue(),
                limits.maxQueued().asLongValue(), this::resumeIfAllowed,
                () -> violation("it does not read its connection: more than " + limits.maxQueued().asLongValue()
                        + " bytes wait to be written to it"));
        CallBudget calls = new CallBudget(limits.maxCallsInFlight(), limits.maxCallBytesInFlight().asLongValue(),
                () -> context.runOnContext(v -> resumeIfAllowed()));
        this.link = new RunnerLink(socket, writer, calls, context, this::resumeIfAllowed);
        int helloMax = (int) Math.min(limits.helloMaxSize().asLongValue(), Frames.MAX_HEADER);
        this.decoder = new FrameDecoder(helloMax, 0);
        long timeout = limits.helloTimeout().toMillis();
        this.helloTimer = vertx.setTimer(timeout, id -> {
            if (!helloDone) {
                LOG.warnf("Closing manager connection from %s: no hello within %d ms", link.remoteAddress(), timeout);
                endHello();
                socket.close();
            }
        });
        socket.handler(this::onData);
        socket.exceptionHandler(e -> LOG.debugf("Manager connection from %s failed: %s", link.remoteAddress(),
                e.getMessage()));
        socket.closeHandler(v -> onClose());
    }

    private void onData(Buffer data) {
        decoder.feed(data);
        pump();
    }

    /** Handles buffered frames until none is complete, the budget is used up, or the connection closed. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!closed) {
                if (session != null && link.overBudget()) {
                    if (!paused) {
                        paused = true;
                        socket.pause();
                    }
                    return;
                }
                RawFrame frame = decoder.next();
                if (frame == null) {
                    return;
                }
                handle(frame);
            }
        } catch (ProtocolException e) {
            violation(e.getMessage());
        } finally {
            pumping = false;
        }
    }

    private void resumeIfAllowed() {
        if (closed || !paused || link.overBudget()) {
            return;
        }
        paused = false;
        socket.resume();
        pump();
    }

    private void handle(RawFrame frame) {
        if (session != null) {
            session.onFrame(FrameCodec.fromRunner(frame));
            return;
        }
        if (helloDone) {
            return;
        }
        vertx.cancelTimer(helloTimer);
        endHello();
        Frame.Hello hello = hello(frame);
        if (hello == null || hello.protocol() != ManagerServer.PROTOCOL_VERSION) {
            refuse("the first frame must be a hello of protocol " + ManagerServer.PROTOCOL_VERSION);
            return;
        }
        if (hello.window() > 0) {
            link.bodyWindow(hello.window());
        }
        decoder.limits(Frames.MAX_HEADER, Frames.MAX_BODY);
        session = sessions.open(hello.runnerId(), hello.secret(), link).orElse(null);
        if (session == null) {
            refuse("unknown runner or wrong secret");
        }
    }

    /** The frame as a hello; null when it is none or lacks a field. */
    private static Frame.Hello hello(RawFrame frame) {
        if (!"hello".equals(frame.type())) {
            return null;
        }
        try {
            return (Frame.Hello) FrameCodec.fromRunner(frame);
        } catch (ProtocolException e) {
            return null;
        }
    }

    private void endHello() {
        if (!helloDone) {
            helloDone = true;
            onAuthenticatedOrClosed.run();
        }
    }

    private void refuse(String reason) {
        LOG.warnf("Refusing manager connection from %s: %s", link.remoteAddress(), reason);
        closed = true;
        link.send(new Frame.Reject(reason));
        context.runOnContext(v -> socket.end());
    }

    private void violation(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.warnf("Closing manager connection from %s: %s", link.remoteAddress(), reason);
        if (session != null) {
            session.onViolation(reason);
        }
        socket.close();
    }

    private void onClose() {
        closed = true;
        vertx.cancelTimer(helloTimer);
        endHello();
        if (session != null) {
            session.onClose();
        }
    }
}
