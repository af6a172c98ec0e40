package dev.jobber.logs.postgres;

import dev.jobber.config.LogConfig;
import dev.jobber.logs.LogSink;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Deletes database log lines older than {@code LOG_RETENTION}, at startup and then every tenth of the retention
 * (at most hourly). Loki keeps its own retention.
 */
@ApplicationScoped
public class LogRetentionTask {

    private static final Logger LOG = Logger.getLogger(LogRetentionTask.class);

    private final LogSink sink;
    private final LogConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public LogRetentionTask(LogSink sink, LogConfig config, Vertx vertx) {
        this.sink = sink;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.driver() != LogConfig.Driver.DATABASE) {
            return;
        }
        long interval = Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), config.retention().toMillis() / 10));
        runInBackground();
        timer = vertx.setPeriodic(interval, id -> runInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void runInBackground() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("jobber-log-retention").start(() -> {
                try {
                    run();
                } catch (RuntimeException e) {
                    LOG.warnf("Deleting old log lines failed: %s", e.getMessage());
                } finally {
                    running.set(false);
                }
            });
        }
    }

    /** Deletes the lines older than the retention now; returns how many. */
    public int run() {
        if (sink instanceof PostgresLogSink database) {
            int deleted = database.deleteOlderThan(Instant.now().minus(config.retention()));
            if (deleted > 0) {
                LOG.debugf("Deleted %d log lines older than %s", deleted, config.retention());
            }
            return deleted;
        }
        return 0;
    }
}
