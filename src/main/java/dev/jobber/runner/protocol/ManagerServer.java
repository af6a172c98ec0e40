package dev.jobber.runner.protocol;

import dev.jobber.config.ManagerConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The runner-manager socket: accepts runner connections, requires a {@code hello} with the runner's id and secret as
 * the first frame within {@link #HELLO_TIMEOUT_MS}, then binds the connection to that runner's session.
 */
public final class ManagerServer {

    private static final Logger LOG = Logger.getLogger(ManagerServer.class);
    static final long HELLO_TIMEOUT_MS = 10_000;
    public static final int PROTOCOL_VERSION = 1;

    private final Vertx vertx;
    private final RunnerSessions sessions;
    private NetServer server;

    public ManagerServer(Vertx vertx, RunnerSessions sessions) {
        this.vertx = vertx;
        this.sessions = sessions;
    }

    public void start(ManagerConfig config, String bindHost) throws Exception {
        NetServerOptions options = new NetServerOptions().setHost(bindHost).setPort(config.port())
                .setTcpNoDelay(true).setIdleTimeout(0);
        server = vertx.createNetServer(options).connectHandler(this::accept).listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("Runner manager listening on %s:%d", bindHost, server.actualPort());
    }

    public int port() {
        return server.actualPort();
    }

    public void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void accept(NetSocket socket) {
        Context context = Vertx.currentContext();
        FrameWriter writer = new FrameWriter(socket, context);
        RunnerLink link = new RunnerLink(socket, writer);
        RunnerSessions.Session[] session = {null};
        long helloTimer = vertx.setTimer(HELLO_TIMEOUT_MS, id -> {
            if (session[0] == null) {
                LOG.warnf("Closing manager connection from %s: no hello within %d ms", link.remoteAddress(),
                        HELLO_TIMEOUT_MS);
                socket.close();
            }
        });
        socket.handler(Frames.parser(frame -> {
            if (session[0] != null) {
                session[0].onFrame(frame);
                return;
            }
            vertx.cancelTimer(helloTimer);
            JsonObject header = frame.header();
            String runnerId = header.getValue("runnerId") instanceof String s ? s : null;
            String secret = header.getValue("secret") instanceof String s ? s : null;
            if (!"hello".equals(frame.type()) || runnerId == null || secret == null
                    || !Integer.valueOf(PROTOCOL_VERSION).equals(header.getValue("protocol"))) {
                refuse(link, socket, "the first frame must be a hello of protocol " + PROTOCOL_VERSION);
                return;
            }
            if (header.getValue("window") instanceof Number window && window.longValue() > 0) {
                link.bodyWindow(window.longValue());
            }
            session[0] = sessions.open(runnerId, secret, link).orElse(null);
            if (session[0] == null) {
                refuse(link, socket, "unknown runner or wrong secret");
            }
        }, error -> {
            LOG.warnf("Closing manager connection from %s: %s", link.remoteAddress(), error.getMessage());
            socket.close();
        }));
        socket.closeHandler(v -> {
            vertx.cancelTimer(helloTimer);
            if (session[0] != null) {
                session[0].onClose();
            }
        });
    }

    private static void refuse(RunnerLink link, NetSocket socket, String reason) {
        LOG.warnf("Refusing manager connection from %s: %s", link.remoteAddress(), reason);
        link.send(new JsonObject().put("t", "reject").put("message", reason));
        socket.end();
    }
}
