package dev.jobber.audit;

import dev.jobber.config.AuditConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Deletes audit entries older than {@code AUDIT_RETENTION}, at startup and then every tenth of it (at most hourly). */
@ApplicationScoped
public class AuditRetentionTask {

    private static final Logger LOG = Logger.getLogger(AuditRetentionTask.class);

    private final AuditRepository repository;
    private final AuditConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public AuditRetentionTask(AuditRepository repository, AuditConfig config, Vertx vertx) {
        this.repository = repository;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
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
            Thread.ofVirtual().name("jobber-audit-retention").start(() -> {
                try {
                    run();
                } catch (RuntimeException e) {
                    LOG.warnf("Deleting old audit entries failed: %s", e.getMessage());
                } finally {
                    running.set(false);
                }
            });
        }
    }

    /** Deletes the entries older than the retention now; returns how many. */
    public int run() {
        int deleted = repository.deleteOlderThan(Instant.now().minus(config.retention()));
        if (deleted > 0) {
            LOG.debugf("Deleted %d audit entries older than %s", deleted, config.retention());
        }
        return deleted;
    }
}
