package dev.jobber.gateway;

import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * System lines in a job's logs about what the gateway refused of its triggers or its function's answers. Each kind
 * is written at most once a minute per job, so a function or client repeating it in a loop cannot flood the logs.
 */
final class JobNotices {

    private final JobLogs logs;
    private final OncePerInterval throttle = new OncePerInterval(Duration.ofMinutes(1));

    JobNotices(JobLogs logs) {
        this.logs = logs;
    }

    /** Writes {@code message} to the job's logs (with the request's id when known) unless its kind was just written. */
    void report(UUID jobId, UUID requestId, String kind, String message) {
        if (throttle.first(new Kind(jobId, kind))) {
            logs.append(new LogLine(Instant.now(), jobId, null, null, null, LogLine.Source.SYSTEM,
                    LogLine.Stream.STDERR, requestId, LogLine.SYSTEM_PREFIX + message));
        }
    }

    private record Kind(UUID jobId, String kind) {
    }
}
