package dev.jobber.runner.protocol;

import dev.jobber.config.ManagerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The runner-manager socket: accepts runner connections on TCP and, unless the transport is {@code tcp}, on a Unix
 * domain socket, at most {@link ManagerConfig.Limits#maxUnauthenticated()} of them (on both together) before their
 * hello, and hands each to a {@link RunnerConnection}. Once listening it tells the sessions its
 * {@link ManagerEndpoint}.
 */
public final class ManagerServer {

    private static final Logger LOG = Logger.getLogger(ManagerServer.class);
    public static final int PROTOCOL_VERSION = 1;
    /** The socket file's name in {@link ManagerConfig#socketDir()}. */
    public static final String SOCKET_FILE = "manager.sock";
    /** Longest socket path the kernel takes ({@code sun_path} is 108 bytes with its terminating zero). */
    private static final int MAX_SOCKET_PATH = 107;

    private final Vertx vertx;
    private final RunnerSessions sessions;
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private ManagerConfig.Limits limits;
    private NetServer server;
    private NetServer socketServer;
    private Path socketFile;

    public ManagerServer(Vertx vertx, RunnerSessions sessions) {
        this.vertx = vertx;
        this.sessions = sessions;
    }

    /**
     * Listens on TCP, and on the Unix domain socket unless the transport is {@code tcp} (under {@code auto}, also not
     * when {@code MANAGER_HOST} is set).
     *
     * @throws IOException when the transport is {@code socket} and the socket cannot be opened
     */
    public void start(ManagerConfig config, String bindHost) throws Exception {
        limits = config.limits();
        NetServerOptions options = new NetServerOptions().setHost(bindHost).setPort(config.port())
                .setTcpNoDelay(true).setIdleTimeout(0);
        server = listen(options, null);
        LOG.infof("Runner manager listening on %s:%d", bindHost, server.actualPort());
        boolean wanted = switch (config.transport()) {
            case SOCKET -> true;
            case TCP -> false;
            case AUTO -> config.host().isEmpty();
        };
        if (wanted) {
            try {
                socketFile = openSocket(config.socketDir().toAbsolutePath().normalize());
                LOG.infof("Runner manager listening on %s", socketFile);
            } catch (IOException e) {
                if (config.transport() == ManagerConfig.Transport.SOCKET) {
                    throw new IOException("MANAGER_TRANSPORT=socket: " + e.getMessage(), e);
                }
                LOG.warnf("Runners connect over TCP: the manager's Unix domain socket could not be opened (%s)",
                        e.getMessage());
            }
        }
        sessions.listening(new ManagerEndpoint(config.transport(), server.actualPort(), config.host(),
                Optional.ofNullable(socketFile)));
    }

    public int port() {
        return server.actualPort();
    }

    public void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (socketServer != null) {
            socketServer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socketFile);
        }
    }

    /**
     * Opens the socket in a directory of its own that every runner sees: the directory holds nothing else, runners
     * (another user) may pass through it, and the socket accepts anyone who can reach it (the secret decides).
     */
    private Path openSocket(Path directory) throws Exception {
        if (!vertx.isNativeTransportEnabled()) {
            throw new IOException("no native transport on this platform ("
                    + vertx.unavailableNativeTransportCause() + ")");
        }
        Path file = directory.resolve(SOCKET_FILE);
        if (file.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("its path " + file + " is longer than " + MAX_SOCKET_PATH
                    + " bytes; set MANAGER_SOCKET_DIR to a shorter one");
        }
        Files.createDirectories(directory);
        try (Stream<Path> entries = Files.list(directory)) {
            Optional<Path> foreign = entries.filter(entry -> !entry.equals(file)).findFirst();
            if (foreign.isPresent()) {
                throw new IOException(directory + " is mounted into every runner and must hold nothing but "
                        + SOCKET_FILE + ", but holds " + foreign.get().getFileName());
            }
        }
        if (live(file)) {
            throw new IOException(file + " is served by another running Jobber (instances sharing JOBBER_DATA_DIR "
                    + "need a MANAGER_SOCKET_DIR each)");
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        Files.deleteIfExists(file);
        socketServer = listen(new NetServerOptions().setIdleTimeout(0),
                SocketAddress.domainSocketAddress(file.toString()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    /** Whether a process accepts connections on {@code file}; a socket left by a stopped one refuses them. */
    static boolean live(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private NetServer listen(NetServerOptions options, SocketAddress address) throws Exception {
        NetServer created = vertx.createNetServer(options).connectHandler(this::accept);
        return (address == null ? created.listen() : created.listen(address))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
