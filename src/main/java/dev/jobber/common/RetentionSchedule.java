package dev.jobber.common;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a purge of what is older than a retention: at start, then every tenth of the retention (at least every
 * second, at most hourly), one run at a time on a virtual thread. A failed run is logged and tried again next time.
 */
public final class RetentionSchedule {

    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class);

    private final Vertx vertx;
    private final String what;
    private final Duration retention;
    private final IntSupplier purge;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /**
     * @param what  what is deleted, for the log ("audit entries")
     * @param purge deletes what is older than the retention and answers how many it deleted
     */
    public RetentionSchedule(Vertx vertx, String what, Duration retention, IntSupplier purge) {
        this.vertx = vertx;
        this.what = what;
        this.retention = retention;
        this.purge = purge;
    }

    public void start() {
        long interval = Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), retention.toMillis() / 10));
        runInBackground();
        timer = vertx.setPeriodic(interval, id -> runInBackground());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void runInBackground() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("jobber-retention").start(() -> {
                try {
                    int deleted = purge.getAsInt();
                    if (deleted > 0) {
                        LOG.debugf("Deleted %d %s older than %s", deleted, what, retention);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Deleting old %s failed: %s", what, e.getMessage());
                } finally {
                    running.set(false);
                }
            });
        }
    }
}
