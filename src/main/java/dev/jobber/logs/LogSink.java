package dev.jobber.logs;

import java.time.Duration;
import java.util.List;

/**
 * Where job logs are kept, and read back from. Contract (checked for every adapter by {@code LogSinkContractTest}):
 * <ul>
 * <li>{@link #append} never blocks and never throws: it hands the line to a bounded buffer written in batches by a
 * background writer. When the buffer is full the line is dropped and counted; once there is room again, a system line
 * per affected runner (or job) says how many lines were dropped.</li>
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

    /** Queues a line for writing; returns false when it was dropped because the buffer is full. */
    boolean append(LogLine line);

    /**
     * The matching lines of one job, newest first.
     *
     * @throws LogReadException when the store cannot be read
     */
    List<LogEntry> query(LogQuery query);

    /** Waits until the lines appended before this call are written, or {@code timeout} passed; returns which. */
    boolean flush(Duration timeout);

    /** Lines dropped so far (buffer full, or writing failed for good). */
    long dropped();

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
