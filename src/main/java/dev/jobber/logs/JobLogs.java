package dev.jobber.logs;

import dev.jobber.common.NotFoundException;
import dev.jobber.job.JobService;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Jobs' logs: lines go to the configured {@link LogSink} and to live tails; reads check that the job exists. */
@ApplicationScoped
public class JobLogs {

    private final LogSink sink;
    private final JobService jobs;
    private final LogTails tails;

    public JobLogs(LogSink sink, JobService jobs, LogTails tails) {
        this.sink = sink;
        this.jobs = jobs;
        this.tails = tails;
    }

    /**
     * Records a line; never blocks (see {@link LogSink#append}). Producers of a flood of lines check {@link #hasRoom}
     * between lines.
     */
    public void append(LogLine line) {
        tails.publish(line, sink::append);
    }

    /** Whether a producer may take more of the job's output now (see {@link LogSink#hasRoom}). */
    public boolean hasRoom(UUID jobId) {
        return sink.hasRoom(jobId);
    }

    /** Counts lines a producer had to drop (see {@link LogSink#countDropped}). */
    public void countDropped(long lines) {
        sink.countDropped(lines);
    }

    /** Runs {@code action} (which must not block) once the job has room again. */
    public void whenRoom(UUID jobId, Runnable action) {
        sink.whenRoom(jobId, action);
    }

    /**
     * A job's lines, newest first.
     *
     * @throws NotFoundException when no job has that id
     */
    public List<LogEntry> query(LogQuery query) {
        jobs.get(query.jobId());
        return sink.query(query);
    }

    /**
     * The job's lines that pass {@code filter}, appended from now on, until the subscriber cancels; a subscriber that
     * falls behind by more than {@link LogTails#BUFFER_LINES} lines gets {@link TailEvent.Overflow} and the end.
     *
     * @throws NotFoundException when no job has that id
     * @throws dev.jobber.common.TooManyRequestsException when the job or the instance has too many tails open
     */
    public Multi<TailEvent> tail(UUID jobId, LogFilter filter) {
        jobs.get(jobId);
        return tails.open(jobId, filter);
    }
}
