package dev.jobber.audit;

import dev.jobber.common.RetentionSchedule;
import dev.jobber.config.AuditConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/** Deletes audit entries older than {@code AUDIT_RETENTION}, at startup and then every tenth of it (at most hourly). */
@ApplicationScoped
public class AuditRetentionTask {

    private final AuditRepository repository;
    private final AuditConfig config;
    private final RetentionSchedule schedule;

    public AuditRetentionTask(AuditRepository repository, AuditConfig config, Vertx vertx) {
        this.repository = repository;
        this.config = config;
        this.schedule = new RetentionSchedule(vertx, "audit entries", config.retention(), this::run);
    }

    void start(@Observes StartupEvent event) {
        schedule.start();
    }

    void stop(@Observes ShutdownEvent event) {
        schedule.stop();
    }

    /** Deletes the entries older than the retention now; returns how many. */
    public int run() {
        return repository.deleteOlderThan(Instant.now().minus(config.retention()));
    }
}
