package dev.jobber.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stops a PostgreSQL server that a Jobber which died without stopping it left running on a data directory, so that the
 * next start runs PostgreSQL's own crash recovery. Only the holder of the directory's lock may call it: holding the
 * lock proves that Jobber is gone.
 */
final class OrphanedServer {

    private static final Logger LOG = Logger.getLogger(OrphanedServer.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private OrphanedServer() {
    }

    /** Stops the server named in {@code postmaster.pid}, if it still runs; a stale file is deleted. */
    static void stop(Path bin, Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = pid(Files.readAllLines(pidFile, StandardCharsets.UTF_8));
        Optional<ProcessHandle> orphan = (pid > 0 ? ProcessHandle.of(pid) : Optional.<ProcessHandle>empty())
                .filter(OrphanedServer::running)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (orphan.isEmpty()) {
            // A stale file whose process is gone (or whose id now belongs to another program).
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warnf("Stopping the embedded PostgreSQL (pid %d) left running by a Jobber that did not stop cleanly", pid);
        // Immediate: no shutdown checkpoint; what was committed is in the write-ahead log, which the next start replays.
        PostgresBinaries.run(bin, "pg_ctl", "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60");
        if (orphan.get().isAlive()) {
            orphan.get().destroyForcibly();
        }
        // Polled: for a process that is not its child, the JDK's onExit() notices an exit only after growing pauses.
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (running(orphan.get())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not stop the PostgreSQL (pid " + pid + ") running on " + data);
            }
            EmbeddedDatabase.pause(Duration.ofMillis(20));
        }
    }

    /** The process id on the first line of {@code postmaster.pid}; -1 when there is none. */
    static long pid(List<String> pidFile) {
        try {
            return pidFile.isEmpty() ? -1 : Long.parseLong(pidFile.get(0).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a process still runs: an orphan that exited stays a zombie until the system's init reaps it, which some
     * inits do only every second or so; its files and port are already free.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }
}
