package dev.jobber.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The buffering half of the {@link LogSink} contract, shared by the adapters: a queue whose size a {@link LogBudget}
 * bounds (producers hold back while their job has no room), one background writer thread that takes up to a batch at
 * a time and hands it to {@link #write}, and counting of lines that could not be written.
 */
public abstract class BatchingLogSink implements LogSink {

    private static final Logger LOG = Logger.getLogger(BatchingLogSink.class);

    private final BlockingQueue<LogLine> queue = new LinkedBlockingQueue<>();
    private final LogBudget budget;
    private final int batchSize;
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private long appended;
    private long written;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param capacity lines the buffer holds before every producer is held back
     * @param jobShare lines of one job the buffer holds before that job's producers are held back
     */
    protected BatchingLogSink(String name, int capacity, int jobShare, int batchSize) {
        this.budget = new LogBudget(capacity, jobShare);
        this.batchSize = batchSize;
        this.writer = Thread.ofPlatform().name("jobber-log-writer-" + name).daemon().unstarted(this::run);
    }

    /** Starts the writer; called by the adapter once it is ready to write. */
    protected final void start() {
        writer.start();
    }

    /**
     * Writes one batch (in append order) or throws; the caller retries {@link #attempts()} times with backoff, then
     * drops the batch.
     */
    protected abstract void write(List<LogLine> batch) throws Exception;

    /** How often a failing batch is tried before it is dropped. */
    protected int attempts() {
        return 5;
    }

    /** The wait before the {@code attempt}-th retry (1-based). */
    protected Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(10_000, 200L << Math.min(attempt - 1, 6)));
    }

    @Override
    public final boolean append(LogLine line) {
        synchronized (progress) {
            if (!closing) {
                queue.add(line);
                budget.add(line.jobId());
                appended++;
                return true;
            }
        }
        dropped.incrementAndGet();
        return false;
    }

    @Override
    public final boolean hasRoom(UUID jobId) {
        return budget.hasRoom(jobId);
    }

    @Override
    public final void whenRoom(UUID jobId, Runnable action) {
        budget.whenRoom(jobId, action);
    }

    @Override
    public final int buffered() {
        return budget.size();
    }

    @Override
    public final int peakBuffered() {
        return budget.peak();
    }

    @Override
    public final long dropped() {
        return dropped.get();
    }

    @Override
    public final void countDropped(long lines) {
        dropped.addAndGet(lines);
    }

    @Override
    public final boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = appended;
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        synchronized (progress) {
            closing = true;
        }
        budget.stopHolding();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<LogLine> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                LogLine first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int taken = batch.size();
            if (!batch.isEmpty()) {
                writeWithRetries(batch);
                budget.remove(batch);
            }
            batch.clear();
            synchronized (progress) {
                written += taken;
                progress.notifyAll();
                if (closing && queue.isEmpty() && taken == 0) {
                    return;
                }
            }
        }
    }

    private void writeWithRetries(List<LogLine> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                return;
            } catch (Exception e) {
                if (attempt >= attempts() || closing) {
                    dropped.addAndGet(batch.size());
                    LOG.errorf("Dropped %d log lines after %d failed attempts to write them: %s", batch.size(),
                            attempt, e.getMessage());
                    return;
                }
                LOG.warnf("Writing %d log lines failed (attempt %d, will retry): %s", batch.size(), attempt,
                        e.getMessage());
                try {
                    Thread.sleep(backoff(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    dropped.addAndGet(batch.size());
                    return;
                }
            }
        }
    }
}
