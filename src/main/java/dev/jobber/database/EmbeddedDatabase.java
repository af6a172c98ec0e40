package dev.jobber.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server run from a Maven artifact, its data kept in a directory so that restarts keep every job.
 * Used when {@code DATABASE_URL} is unset, and by the tests.
 *
 * <p>It is durable (fsync and synchronous commit on), listens on 127.0.0.1 only and has no Unix socket, and every
 * connection needs the password kept beside the data directory ({@code <dir>.password}, mode 0600); a cluster made
 * before that gets a password on its next start. A server left running by a Jobber that was killed is stopped and
 * started again ({@link OrphanedServer}), so PostgreSQL's own crash recovery runs and no one has to step in. A lock
 * file ({@link DataDirectoryLock}) keeps two Jobbers from using one data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "jobber";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final String HBA = """
            # Written by Jobber at every start of its embedded PostgreSQL: every connection needs the password.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private final Path bin;
    private final Path data;
    private final Process process;
    private final int port;
    private final String password;
    private final DataDirectoryLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(Path bin, Path data, Process process, int port, String password, DataDirectoryLock lock) {
        this.bin = bin;
        this.data = data;
        this.process = process;
        this.port = port;
        this.password = password;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory}, creating it if needed.
     *
     * @throws IllegalStateException when another Jobber uses the directory or the server does not start
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, 0, Set.of());
    }

    /**
     * Starts PostgreSQL as {@link #start(Path)} does, on a free port that is none of {@code reserved} (ports Jobber
     * itself is about to listen on).
     */
    public static EmbeddedDatabase start(Path dataDirectory, Set<Integer> reserved) {
        return start(dataDirectory, 0, reserved);
    }

    /**
     * Starts PostgreSQL as {@link #start(Path)} does, on {@code port} (loopback), or on a free one when it is 0.
     *
     * @throws IllegalStateException when another Jobber uses the directory or the server does not start
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Set.of());
    }

    private static EmbeddedDatabase start(Path dataDirectory, int port, Set<Integer> reserved) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        DataDirectoryLock lock = null;
        try {
            Files.createDirectories(data.getParent());
            lock = DataDirectoryLock.acquire(data);
            Path bin = PostgresBinaries.unpacked().resolve("bin");
            OrphanedServer.stop(bin, data);
            String password = DatabasePassword.ensure(bin, data);
            Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                int chosen = port != 0 ? port : freePort(reserved);
                EmbeddedDatabase database = new EmbeddedDatabase(bin, data, launch(bin, data, chosen), chosen,
                        password, lock);
                try {
                    database.awaitReady();
                    database.createDatabaseIfMissing();
                    return database;
                } catch (RuntimeException e) {
                    database.stopServer();
                    // The processes of a killed server may take a moment to notice and let go of its memory.
                    if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("pre-existing shared memory")) {
                        throw e;
                    }
                    LOG.infof("Waiting for the processes of the previous PostgreSQL on %s to exit", data);
                    pause(Duration.ofMillis(250));
                }
            }
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data, e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    public DatabaseUrl url() {
        return new DatabaseUrl(jdbcUrl(DATABASE_NAME), SUPERUSER, password);
    }

    public int port() {
        return port;
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Process launch(Path bin, Path data, int port) throws IOException {
        Path log = data.resolveSibling(data.getFileName() + ".log");
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = PostgresBinaries.command(bin, "postgres", "-D", data.toString(),
                "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "password_encryption=scram-sha-256",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + ": " + logTail());
            }
            try (Connection ignored = connect(SUPERUSER)) {
                return;
            } catch (SQLException e) {
                last = e;
                if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                    throw new IllegalStateException("The embedded PostgreSQL refused Jobber's password (kept in "
                            + data.resolveSibling(data.getFileName() + ".password") + "): " + e.getMessage(), e);
                }
            }
            pause(Duration.ofMillis(50)); // the server offers nothing to wait on but connecting
        }
        throw new IllegalStateException("PostgreSQL was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()) + " " + logTail());
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(data.resolveSibling(data.getFileName() + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = connect(SUPERUSER); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + DATABASE_NAME, e);
        }
    }

    /** Stops PostgreSQL with a fast shutdown and waits for it to exit; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopServer();
        } finally {
            lock.close();
        }
    }

    private void stopServer() {
        try {
            if (process.isAlive()) {
                PostgresBinaries.run(bin, "pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "60");
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The embedded PostgreSQL did not stop within 60 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void release(DataDirectoryLock lock) {
        if (lock != null) {
            lock.close();
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while PostgreSQL started", e);
        }
    }

    /** Forgets the server without stopping it, as a Jobber killed with SIGKILL would; for tests. */
    void abandon() {
        closed.set(true);
        lock.close();
    }

    private static int freePort(Set<Integer> reserved) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!reserved.contains(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
