package dev.jobber.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The buffering half of the {@link LogSink} contract, shared by the adapters: a bounded queue, one background writer
 * thread that takes up to a batch at a time and hands it to {@link #write}, drop counting and drop reports.
 */
public abstract class BatchingLogSink implements LogSink {

    private static final Logger LOG = Logger.getLogger(BatchingLogSink.class);

    private final BlockingQueue<LogLine> queue;
    private final int batchSize;
    private final AtomicLong dropped = new AtomicLong();
    /** Drops not yet reported, by runner (or job, for lines without a runner): a line to copy ids from, and a count. */
    private final Map<UUID, DropCount> unreported = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private long appended;
    private long written;
    private final Thread writer;
    private volatile boolean closing;

    protected BatchingLogSink(String name, int capacity, int batchSize) {
        this.queue = new ArrayBlockingQueue<>(capacity);
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
            if (!closing && queue.offer(line)) {
                appended++;
                return true;
            }
        }
        dropped.incrementAndGet();
        UUID key = line.runnerId() != null ? line.runnerId() : line.jobId();
        unreported.computeIfAbsent(key, k -> new DropCount(line)).count.incrementAndGet();
        return false;
    }

    @Override
    public final long dropped() {
        return dropped.get();
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
            addDropReports(batch);
            if (!batch.isEmpty()) {
                writeWithRetries(batch);
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

    private void addDropReports(List<LogLine> batch) {
        for (Iterator<DropCount> it = unreported.values().iterator(); it.hasNext(); ) {
            DropCount drops = it.next();
            long count = drops.count.getAndSet(0);
            if (count == 0) {
                it.remove();
                continue;
            }
            LogLine like = drops.like;
            batch.add(LogLine.system(like.jobId(), like.actionId(), like.versionId(), like.runnerId(),
                    LogLine.Stream.STDERR, count + " log line" + (count == 1 ? " was" : "s were")
                            + " dropped because the log buffer was full (LOG_BUFFER_SIZE)"));
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

    private static final class DropCount {
        final LogLine like;
        final AtomicLong count = new AtomicLong();

        DropCount(LogLine like) {
            this.like = like;
        }
    }
}
