package dev.jobber.runner.protocol;

import dev.jobber.config.ManagerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The runner-manager socket: accepts runner connections, at most {@link ManagerConfig.Limits#maxUnauthenticated()}
 * of them before their hello, and hands each to a {@link RunnerConnection}.
 */
public final class ManagerServer {

    private static final Logger LOG = Logger.getLogger(ManagerServer.class);
    public static final int PROTOCOL_VERSION = 1;

    private final Vertx vertx;
    private final RunnerSessions sessions;
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private ManagerConfig.Limits limits;
    private NetServer server;

    public ManagerServer(Vertx vertx, RunnerSessions sessions) {
        this.vertx = vertx;
        this.sessions = sessions;
    }

    public void start(ManagerConfig config, String bindHost) throws Exception {
        limits = config.limits();
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
        if (unauthenticated.incrementAndGet() > limits.maxUnauthenticated()) {
            unauthenticated.decrementAndGet();
            LOG.warnf("Closing manager connection from %s at once: %d connections have not sent their hello yet",
                    socket.remoteAddress(), limits.maxUnauthenticated());
            socket.close();
            return;
        }
        AtomicBoolean counted = new AtomicBoolean(true);
        new RunnerConnection(vertx, socket, sessions, limits, () -> {
            if (counted.compareAndSet(true, false)) {
                unauthenticated.decrementAndGet();
            }
        });
    }
}
