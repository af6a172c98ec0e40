package dev.jobber.logs;

import dev.jobber.common.NotFoundException;
import dev.jobber.job.JobService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Jobs' logs: lines go to the configured {@link LogSink} and to live tails; reads check that the job exists. */
@ApplicationScoped
public class JobLogs {

    private final LogSink sink;
    private final JobService jobs;
    private final Map<UUID, Set<Consumer<LogLine>>> tails = new ConcurrentHashMap<>();

    public JobLogs(LogSink sink, JobService jobs) {
        this.sink = sink;
        this.jobs = jobs;
    }

    /**
     * Records a line; never blocks (see {@link LogSink#append}). Producers of a flood of lines check {@link #hasRoom}
     * between lines.
     */
    public void append(LogLine line) {
        sink.append(line);
        Set<Consumer<LogLine>> listeners = tails.get(line.jobId());
        if (listeners != null) {
            listeners.forEach(listener -> listener.accept(line));
        }
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
     * The job's lines appended from now on, until the subscriber cancels. A subscriber that does not keep up misses
     * lines rather than holding them.
     *
     * @throws NotFoundException when no job has that id
     */
    public Multi<LogLine> tail(UUID jobId) {
        jobs.get(jobId);
        return Multi.createFrom().emitter(emitter -> {
            Consumer<LogLine> listener = emitter::emit;
            tails.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(listener);
            emitter.onTermination(() -> tails.computeIfPresent(jobId, (id, listeners) -> {
                listeners.remove(listener);
                return listeners.isEmpty() ? null : listeners;
            }));
        }, BackPressureStrategy.DROP);
    }
}
