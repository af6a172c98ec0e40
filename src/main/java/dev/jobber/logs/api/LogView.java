package dev.jobber.logs.api;

import dev.jobber.logs.LogEntry;
import dev.jobber.logs.LogLine;
import java.util.UUID;

/**
 * A log line as the admin API shows it: the original's {@code created} (unix seconds), {@code message} and
 * {@code sort}, and (Ext) {@code timestamp} in unix milliseconds and the line's ids, source and stream. Live-tail
 * lines have no {@code sort} yet.
 */
public record LogView(long created, String message, Long sort, long timestamp, UUID jobId, UUID actionId,
        UUID jobVersionId, UUID runnerId, String source, String stream, UUID requestId) {

    static LogView of(LogEntry entry) {
        return of(entry.sort(), entry.line());
    }

    static LogView of(Long sort, LogLine line) {
        return new LogView(line.created().getEpochSecond(), line.message(), sort, line.created().toEpochMilli(),
                line.jobId(), line.actionId(), line.versionId(), line.runnerId(), line.source().label(),
                line.stream().label(), line.requestId());
    }
}
