package dev.jobber.runner;

import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogLine;
import dev.jobber.metrics.RecentErrors;
import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.RunnerLink;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a runner's {@code log} frames into job log lines, split per (stream, event id) by the runner's
 * {@link LineSplitter}; each line carries the request id of its event. A frame is taken in pieces of {@link #PIECE}
 * bytes: when the job has no room left in the log buffer, the rest of the frame waits and the runner's connection is
 * held (its output waits in the runner) until the job has room again. Also writes the pools' system lines.
 */
@ApplicationScoped
public class RunnerOutput {

    /** Bytes of output split into lines between two checks for room. */
    static final int PIECE = 4096;

    private final JobLogs logs;
    private final RecentErrors errors;

    public RunnerOutput(JobLogs logs, RecentErrors errors) {
        this.logs = logs;
        this.errors = errors;
    }

    void handle(Runner runner, Frame.Log frame) {
        LogLine.Stream stream = frame.stream() == Frame.Log.Stream.STDERR ? LogLine.Stream.STDERR
                : LogLine.Stream.STDOUT;
        take(runner, new Held(new Key(stream, frame.id()), frame.body(), 0), false);
    }

    /**
     * Splits {@code held} from its position on, piece by piece while the job has room; holds the runner's connection
     * with what is left, or releases it when {@code resumed} and all was taken.
     */
    private void take(Runner runner, Held held, boolean resumed) {
        UUID jobId = runner.pool.version.jobId();
        synchronized (runner.lines) {
            if (resumed && runner.heldOutput != held) {
                return;
            }
            runner.heldOutput = null;
            Buffer bytes = held.bytes();
            for (int at = held.from(); at < bytes.length(); ) {
                if (at > held.from() && !runner.killing && !logs.hasRoom(jobId)
                        && holdFor(runner, new Held(held.key(), bytes, at))) {
                    return;
                }
                int end = Math.min(bytes.length(), at + PIECE);
                runner.lines.accept(held.key(), bytes.slice(at, end), (k, text) -> emit(runner, k, text));
                at = end;
            }
            if (!runner.killing && !logs.hasRoom(jobId) && holdFor(runner, null)) {
                return;
            }
            RunnerLink link = runner.link;
            if (resumed && link != null) {
                link.release();
            }
        }
    }

    /**
     * Holds the runner's connection until the job has room, then takes {@code rest} (null: nothing is left of the
     * frame); false when the connection is gone and the rest is to be taken now.
     */
    private boolean holdFor(Runner runner, Held rest) {
        RunnerLink link = runner.link;
        if (link == null) {
            return false;
        }
        Held pending = rest != null ? rest : new Held(null, Buffer.buffer(), 0);
        runner.heldOutput = pending;
        link.hold();
        logs.whenRoom(runner.pool.version.jobId(), () -> link.onLoop(() -> take(runner, pending, true)));
        return true;
    }

    /**
     * The runner is being killed: its output is no longer held back but read until its connection closes, and lines
     * the job has no room for are dropped and counted (reported when the connection closes).
     */
    void stopHolding(Runner runner) {
        runner.killing = true;
        RunnerLink link = runner.link;
        if (link != null) {
            link.onLoop(() -> {
                Held held;
                synchronized (runner.lines) {
                    held = runner.heldOutput;
                }
                if (held != null) {
                    take(runner, held, true);
                }
            });
        }
    }

    /** Writes the runner's held and unfinished lines and reports dropped ones; called when its connection closes. */
    void finish(Runner runner) {
        long dropped;
        synchronized (runner.lines) {
            Held held = runner.heldOutput;
            runner.heldOutput = null;
            if (held != null && held.key() != null) {
                runner.lines.accept(held.key(), held.bytes().slice(held.from(), held.bytes().length()),
                        (k, text) -> emit(runner, k, text));
            }
            runner.lines.finish((k, text) -> emit(runner, k, text));
            dropped = runner.droppedLines;
            runner.droppedLines = 0;
        }
        if (dropped > 0) {
            logs.countDropped(dropped);
            systemError(runner, dropped + " log line" + (dropped == 1 ? "" : "s") + " of runner " + runner.id
                    + (dropped == 1 ? " was" : " were") + " dropped: it was killed while the log buffer had no room "
                    + "for its output");
        }
    }

    private void emit(Runner runner, Key key, String text) {
        var version = runner.pool.version;
        if (runner.killing && !logs.hasRoom(version.jobId())) {
            runner.droppedLines++;
            return;
        }
        UUID requestId = key.eventId() == null ? null : runner.requestId(key.eventId());
        logs.append(new LogLine(Instant.now(), version.jobId(), version.action().id(), version.versionId(), runner.id,
                LogLine.Source.RUNNER, key.stream(), requestId, text));
    }

    /** A system line (stdout) about one of a pool's runners. */
    void system(Runner runner, String message) {
        system(runner, LogLine.Stream.STDOUT, message);
    }

    /** A system line (stderr) about a failure of one of a pool's runners, also among the recent errors. */
    void systemError(Runner runner, String message) {
        system(runner, LogLine.Stream.STDERR, message);
        errors.record(runner.pool.version.jobId(), runner.pool.version.jobName(), RecentErrors.Kind.RUNNER, message);
    }

    private void system(Runner runner, LogLine.Stream stream, String message) {
        var version = runner.pool.version;
        logs.append(LogLine.system(version.jobId(), version.action().id(), version.versionId(), runner.id, stream,
                message));
    }

    record Key(LogLine.Stream stream, Long eventId) {
    }

    /** What is left of a log frame while the runner is held: its key, its body, and where to go on from. */
    record Held(Key key, Buffer bytes, int from) {
    }
}
