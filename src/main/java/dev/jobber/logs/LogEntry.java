package dev.jobber.logs;

/**
 * A stored line as a {@link LogSink} reads it back. {@code sort} orders a job's lines (higher is newer) and is the
 * paging cursor; it is unique per job.
 */
public record LogEntry(long sort, LogLine line) {
}
