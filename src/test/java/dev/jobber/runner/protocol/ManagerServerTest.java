package dev.jobber.runner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.config.ManagerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the manager's Unix domain socket: where it is refused, where it falls back to TCP, what it cleans up. */
class ManagerServerTest {

    @TempDir
    Path temp;

    private Vertx vertx;
    private ManagerServer server;
    private ManagerEndpoint endpoint;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        server = new ManagerServer(vertx, new RunnerSessions() {
            @Override
            public Optional<Session> open(String runnerId, String secret, RunnerLink link) {
                return Optional.empty();
            }

            @Override
            public void listening(ManagerEndpoint listening) {
                endpoint = listening;
            }
        });
    }

    @AfterEach
    void stopVertx() throws Exception {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aStaleSocketLeftByACrashIsReplacedAndRemovedOnStop() throws Exception {
        Path directory = temp.resolve("manager");
        Files.createDirectories(directory);
        Files.createFile(directory.resolve("manager.sock"));

        server.start(config(ManagerConfig.Transport.AUTO, directory), "127.0.0.1");

        assertThat(endpoint.socket()).contains(directory.resolve("manager.sock"));
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(endpoint.socket().get()))) {
            assertThat(channel.isConnected()).isTrue();
        }
        server.stop();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aDirectoryHoldingAnythingElseIsRefusedUnderSocketAndLeftForTcpUnderAuto() throws Exception {
        Path directory = temp.resolve("shared");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("notes.txt"), "not for runners");

        assertThatThrownBy(() -> server.start(config(ManagerConfig.Transport.SOCKET, directory), "127.0.0.1"))
                .isInstanceOf(IOException.class).hasMessageContaining("notes.txt");
        server.stop();

        server.start(config(ManagerConfig.Transport.AUTO, directory), "127.0.0.1");
        assertThat(endpoint.socket()).isEmpty();
        assertThat(endpoint.port()).isPositive();
    }

    @Test
    void aSocketAnotherRunningJobberServesIsNotTakenOver() throws Exception {
        Path directory = temp.resolve("manager");
        Files.createDirectories(directory);
        Path other = directory.resolve("manager.sock");
        try (ServerSocketChannel running = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            running.bind(UnixDomainSocketAddress.of(other));

            assertThatThrownBy(() -> server.start(config(ManagerConfig.Transport.SOCKET, directory), "127.0.0.1"))
                    .isInstanceOf(IOException.class).hasMessageContaining("served by another running Jobber");
            server.stop();

            server.start(config(ManagerConfig.Transport.AUTO, directory), "127.0.0.1");
            assertThat(endpoint.socket()).isEmpty();
            assertThat(endpoint.port()).isPositive();
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(other))) {
                assertThat(channel.isConnected()).isTrue();
            }
        }
    }

    @Test
    void tcpOpensNoSocket() throws Exception {
        Path directory = temp.resolve("manager");

        server.start(config(ManagerConfig.Transport.TCP, directory), "127.0.0.1");

        assertThat(endpoint.socket()).isEmpty();
        assertThat(directory).doesNotExist();
    }

    private static ManagerConfig config(ManagerConfig.Transport transport, Path socketDir) {
        return new ManagerConfig() {
            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public Path socketDir() {
                return socketDir;
            }

            @Override
            public Optional<String> host() {
                return Optional.empty();
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public String bindHost() {
                return "127.0.0.1";
            }

            @Override
            public Limits limits() {
                return null;
            }
        };
    }
}
