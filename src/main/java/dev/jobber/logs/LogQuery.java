package dev.jobber.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which lines of one job to read, newest first: at most {@code limit}, only those with {@code sort < before} (the
 * next page), created in {@code [from, until)}, that pass {@code filter}.
 */
public record LogQuery(UUID jobId, Optional<Long> before, int limit, Optional<Instant> from, Optional<Instant> until,
        LogFilter filter) {

    public static final int MAX_LIMIT = 1000;

    public LogQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }

    /** The newest {@code limit} lines of a job, unfiltered. */
    public static LogQuery newest(UUID jobId, int limit) {
        return new LogQuery(jobId, Optional.empty(), limit, Optional.empty(), Optional.empty(), LogFilter.NONE);
    }

    /** The newest {@code limit} lines of a job that pass {@code filter}. */
    public static LogQuery newest(UUID jobId, int limit, LogFilter filter) {
        return new LogQuery(jobId, Optional.empty(), limit, Optional.empty(), Optional.empty(), filter);
    }

    /** Whether a line passes the filters other than {@code before} and {@code limit}. */
    public boolean matches(LogLine line) {
        return line.jobId().equals(jobId)
                && from.map(f -> !line.created().isBefore(f)).orElse(true)
                && until.map(u -> line.created().isBefore(u)).orElse(true)
                && filter.matches(line);
    }
}
