package dev.jobber.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The embedded PostgreSQL's cluster (made by {@link EmbeddedDatabase}: same binaries, password, access rules and
 * database) served by a server started without EmbeddedDatabase's {@code -c fsync=on -c synchronous_commit=on -c
 * full_page_writes=on}. Settings given on the command line override {@code ALTER SYSTEM}, so only this server lets
 * a benchmark switch them with {@code ALTER SYSTEM} and {@code pg_reload_conf()}. It starts durable: those three are
 * on by default.
 */
final class ReconfigurablePostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final Process process;
    private final DatabaseUrl url;

    private ReconfigurablePostgres(Path bin, Path data, Process process, DatabaseUrl url) {
        this.bin = bin;
        this.data = data;
        this.process = process;
        this.url = url;
    }

    static ReconfigurablePostgres start(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        String password;
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data)) {
            password = embedded.url().password();
        }
        Path bin = PostgresBinaries.unpacked().resolve("bin");
        try {
            int port = freePort();
            Process process = new ProcessBuilder(PostgresBinaries.command(bin, "postgres", "-D", data.toString(),
                    "-p", String.valueOf(port),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=",
                    "-c", "password_encryption=scram-sha-256"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            data.resolveSibling(data.getFileName() + ".log").toFile()))
                    .start();
            DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + port + "/"
                    + EmbeddedDatabase.DATABASE_NAME, "postgres", password);
            ReconfigurablePostgres server = new ReconfigurablePostgres(bin, data, process, url);
            try {
                Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                        .ignoreExceptionsInstanceOf(SQLException.class).until(server::accepts);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DatabaseUrl url() {
        return url;
    }

    private boolean accepts() throws SQLException {
        if (!process.isAlive()) {
            throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see its log beside "
                    + data);
        }
        try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password())) {
            return true;
        }
    }

    /** Stops the server with a fast shutdown and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        PostgresBinaries.run(bin, "pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "60");
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
