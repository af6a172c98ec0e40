package dev.jobber.runner;

import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogLine;
import dev.jobber.runner.protocol.Frames;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a runner's {@code log} frames into job log lines: bytes are split on newlines per (stream, event id), an
 * unfinished line is kept until its end or the runner's exit, empty lines are dropped, and each line carries the
 * request id of its event. Also writes the pools' system lines.
 */
@ApplicationScoped
public class RunnerOutput {

    /** A line longer than this many bytes is cut into pieces of this size. */
    static final int MAX_LINE = 16 * 1024;
    /** Unfinished lines kept per runner; beyond that the oldest is written as it is. */
    static final int MAX_UNFINISHED = 256;

    private final JobLogs logs;

    public RunnerOutput(JobLogs logs) {
        this.logs = logs;
    }

    void handle(Runner runner, Frames.Frame frame) {
        LogLine.Stream stream = "stderr".equals(frame.header().getString("stream")) ? LogLine.Stream.STDERR
                : LogLine.Stream.STDOUT;
        Object id = frame.header().getValue("id");
        Long eventId = id instanceof Number n ? n.longValue() : null;
        Buffer bytes = frame.body();
        synchronized (runner.unfinishedLines) {
            Key key = new Key(stream, eventId);
            Buffer pending = runner.unfinishedLines.remove(key);
            int start = 0;
            for (int i = 0; i < bytes.length(); i++) {
                if (bytes.getByte(i) == '\n') {
                    Buffer piece = bytes.getBuffer(start, i);
                    emit(runner, key, pending == null ? piece : pending.appendBuffer(piece));
                    pending = null;
                    start = i + 1;
                }
            }
            if (start < bytes.length()) {
                Buffer rest = bytes.getBuffer(start, bytes.length());
                pending = pending == null ? rest : pending.appendBuffer(rest);
                while (pending.length() >= MAX_LINE) {
                    emit(runner, key, pending.getBuffer(0, MAX_LINE));
                    pending = pending.getBuffer(MAX_LINE, pending.length());
                }
            }
            if (pending != null && pending.length() > 0) {
                runner.unfinishedLines.put(key, pending);
                if (runner.unfinishedLines.size() > MAX_UNFINISHED) {
                    Iterator<Map.Entry<Key, Buffer>> eldest = runner.unfinishedLines.entrySet().iterator();
                    Map.Entry<Key, Buffer> entry = eldest.next();
                    eldest.remove();
                    emit(runner, entry.getKey(), entry.getValue());
                }
            }
        }
    }

    /** Writes the runner's unfinished lines; called when its connection closes. */
    void finish(Runner runner) {
        synchronized (runner.unfinishedLines) {
            runner.unfinishedLines.forEach((key, pending) -> emit(runner, key, pending));
            runner.unfinishedLines.clear();
        }
    }

    private void emit(Runner runner, Key key, Buffer bytes) {
        int end = bytes.length();
        if (end > 0 && bytes.getByte(end - 1) == '\r') {
            end--;
        }
        String text = bytes.getString(0, end, StandardCharsets.UTF_8.name());
        if (text.isBlank()) {
            return;
        }
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

    /** Unfinished lines of one runner, oldest first. */
    static Map<Key, Buffer> newUnfinishedLines() {
        return new LinkedHashMap<>();
    }
}
