package dev.jobber.logs;

import dev.jobber.common.TooManyRequestsException;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The open live tails of every job: hands each new line to the tails of its job with an id that grows with every
 * line, bounds how many tails are open (per job and in all), and pings quiet tails. Memory per tail is bounded by
 * {@link #BUFFER_LINES} (see {@link LiveTail}).
 */
@ApplicationScoped
public class LogTails {

    /** Lines a tail holds for a subscriber that has not read them yet; one more ends the tail with an overflow. */
    public static final int BUFFER_LINES = 10_000;
    /** Tails open at once on one job. */
    public static final int PER_JOB = 20;
    /** Tails open at once on this instance. */
    public static final int PER_INSTANCE = 500;
    /** A tail without any event for this long gets a ping. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    private final Map<UUID, List<LiveTail>> byJob = new ConcurrentHashMap<>();
    // Micros since the epoch at startup: ids keep growing across restarts unless a restart comes within the time
    // the previous instance needed to hand out as many ids as microseconds passed.
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private ScheduledExecutorService pinger;
    private int open;

    @PostConstruct
    void start() {
        pinger = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jobber-log-tail-ping").daemon().factory());
        long period = PING_INTERVAL.toMillis();
        pinger.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a tail of the job's lines that pass {@code filter}, from now on.
     *
     * @throws TooManyRequestsException when the job or the instance has as many tails open as it allows
     */
    public Multi<TailEvent> open(UUID jobId, LogFilter filter) {
        synchronized (this) {
            List<LiveTail> tails = byJob.get(jobId);
            if (tails != null && tails.size() >= PER_JOB) {
                throw new TooManyRequestsException("This job has " + PER_JOB + " live tails open, the most it "
                        + "allows; close one (or read the history) and try again", 5);
            }
            if (open >= PER_INSTANCE) {
                throw new TooManyRequestsException("Jobber has " + PER_INSTANCE + " live tails open, the most it "
                        + "allows; try again later", 5);
            }
            LiveTail[] tail = new LiveTail[1];
            tail[0] = new LiveTail(filter, BUFFER_LINES, () -> close(jobId, tail[0]));
            byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(tail[0]);
            open++;
            return tail[0].events();
        }
    }

    /**
     * Stores a line with {@code store} and hands it to the job's tails; for one job, both happen in one order, so
     * each tail gets the job's lines in the order they are stored, with growing ids.
     */
    public void publish(LogLine line, Consumer<LogLine> store) {
        List<LiveTail> tails = byJob.get(line.jobId());
        if (tails == null) {
            store.accept(line);
            return;
        }
        // The list is the job's lock: it leaves byJob only once empty, and a new tail goes into a new list.
        synchronized (tails) {
            store.accept(line);
            long id = sequence.incrementAndGet();
            tails.forEach(tail -> tail.offer(id, line));
        }
    }

    private synchronized void close(UUID jobId, LiveTail tail) {
        List<LiveTail> tails = byJob.get(jobId);
        if (tails != null && tails.remove(tail)) {
            open--;
            if (tails.isEmpty()) {
                byJob.remove(jobId);
            }
        }
    }

    private void tick() {
        byJob.values().forEach(tails -> tails.forEach(LiveTail::tick));
    }

    @PreDestroy
    void stop() {
        if (pinger != null) {
            pinger.shutdownNow();
        }
    }
}
