package dev.jobber.logs;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of a job's log as Jobber received it: a line its runner printed (without the newline), or a system line
 * Jobber wrote about the job (message starting with {@code [SYSTEM] }). Only {@code jobId} is always known.
 */
public record LogLine(Instant created, UUID jobId, UUID actionId, UUID versionId, UUID runnerId, Source source,
        Stream stream, UUID requestId, String message) {

    public static final String SYSTEM_PREFIX = "[SYSTEM] ";

    public enum Source {
        RUNNER, SYSTEM;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public enum Stream {
        STDOUT, STDERR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Stream of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public LogLine {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
    }

    /** A system line about a job (and, where known, its action, version and runner); the prefix is added here. */
    public static LogLine system(UUID jobId, UUID actionId, UUID versionId, UUID runnerId, Stream stream,
            String message) {
        return new LogLine(Instant.now(), jobId, actionId, versionId, runnerId, Source.SYSTEM, stream, null,
                SYSTEM_PREFIX + message);
    }
}
