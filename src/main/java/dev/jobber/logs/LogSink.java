package dev.jobber.logs;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Where job logs are kept, and read back from. Contract (checked for every adapter by {@code LogSinkContractTest}):
 * <ul>
 * <li>{@link #append} never blocks, never throws and never drops a line for want of room: it hands the line to a
 * buffer written in batches by a background writer. The buffer is bounded by its producers: a producer of a job's
 * lines checks {@link #hasRoom} and, while the job has none (it holds its share, or the buffer is full), stops taking
 * that job's output until {@link #whenRoom} calls it back. The buffer then holds at most its capacity plus what
 * producers took before they checked.</li>
 * <li>Lines of one job are read back in the order they were appended (newest first), each with a {@code sort} that
 * grows with that order; the fields of {@link LogLine} come back as written (timestamps to the millisecond).</li>
 * <li>{@link #query} applies every filter of {@link LogQuery}; paging with {@code before} set to the last
 * {@code sort} of a page gives the next older page without gaps or repeats.</li>
 * <li>{@link #flush} returns once every line appended before the call has been written (or given up on).</li>
 * <li>Write failures are retried with backoff for a while; lines that still fail are dropped and counted, never
 * thrown to the caller of {@link #append}.</li>
 * </ul>
 */
public interface LogSink extends AutoCloseable {

    /** Queues a line for writing; returns false (and counts it as dropped) only once the sink is closing. */
    boolean append(LogLine line);

    /** Whether the job's producers may take more of its output: it holds less than its share, and the buffer room. */
    boolean hasRoom(UUID jobId);

    /**
     * Runs {@code action} once the job has room: at once when it has now, else later on the writer's thread (so it
     * must not block). Also runs when the sink closes.
     */
    void whenRoom(UUID jobId, Runnable action);

    /** Lines appended and not yet written. */
    int buffered();

    /** The most lines the buffer ever held at once. */
    int peakBuffered();

    /**
     * The matching lines of one job, newest first.
     *
     * @throws LogReadException when the store cannot be read
     */
    List<LogEntry> query(LogQuery query);

    /** Waits until the lines appended before this call are written, or {@code timeout} passed; returns which. */
    boolean flush(Duration timeout);

    /**
     * Lines dropped so far: writing them failed for good, they came after the sink began closing, or a producer
     * dropped them ({@link #countDropped}).
     */
    long dropped();

    /** Counts lines a producer dropped (of a runner being killed) into {@link #dropped}. */
    void countDropped(long lines);

    /** Writes what is buffered (within a few seconds) and stops the writer. */
    @Override
    void close();

    /** The store of logs could not be read (503). */
    final class LogReadException extends dev.jobber.common.ApiException {
        public LogReadException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int status() {
            return 503;
        }
    }
}
