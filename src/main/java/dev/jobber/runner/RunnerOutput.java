package dev.jobber.runner;

import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogLine;
import dev.jobber.runner.protocol.Frames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a runner's {@code log} frames into job log lines, split per (stream, event id) by the runner's
 * {@link LineSplitter}; each line carries the request id of its event. Also writes the pools' system lines.
 */
@ApplicationScoped
public class RunnerOutput {

    private final JobLogs logs;

    public RunnerOutput(JobLogs logs) {
        this.logs = logs;
    }

    void handle(Runner runner, Frames.Frame frame) {
        LogLine.Stream stream = "stderr".equals(frame.header().getString("stream")) ? LogLine.Stream.STDERR
                : LogLine.Stream.STDOUT;
        Object id = frame.header().getValue("id");
        Key key = new Key(stream, id instanceof Number n ? n.longValue() : null);
        synchronized (runner.lines) {
            runner.lines.accept(key, frame.body(), (k, text) -> emit(runner, k, text));
        }
    }

    /** Writes the runner's unfinished lines; called when its connection closes. */
    void finish(Runner runner) {
        synchronized (runner.lines) {
            runner.lines.finish((k, text) -> emit(runner, k, text));
        }
    }

    private void emit(Runner runner, Key key, String text) {
        var version = runner.pool.version;
        UUID requestId = key.eventId() == null ? null : runner.requestId(key.eventId());
        logs.append(new LogLine(Instant.now(), version.jobId(), version.action().id(), version.versionId(), runner.id,
                LogLine.Source.RUNNER, key.stream(), requestId, text));
    }

    /** A system line (stdout) about one of a pool's runners. */
    void system(Runner runner, String message) {
        system(runner, LogLine.Stream.STDOUT, message);
    }

    /** A system line (stderr) about a failure of one of a pool's runners. */
    void systemError(Runner runner, String message) {
        system(runner, LogLine.Stream.STDERR, message);
    }

    private void system(Runner runner, LogLine.Stream stream, String message) {
        var version = runner.pool.version;
        logs.append(LogLine.system(version.jobId(), version.action().id(), version.versionId(), runner.id, stream,
                message));
    }

    record Key(LogLine.Stream stream, Long eventId) {
    }
}
