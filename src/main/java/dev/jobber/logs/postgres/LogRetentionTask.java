package dev.jobber.logs.postgres;

import dev.jobber.common.RetentionSchedule;
import dev.jobber.config.LogConfig;
import dev.jobber.logs.LogSink;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/**
 * Deletes database log lines older than {@code LOG_RETENTION}, at startup and then every tenth of the retention
 * (at most hourly). Loki keeps its own retention.
 */
@ApplicationScoped
public class LogRetentionTask {

    private final LogSink sink;
    private final LogConfig config;
    private final RetentionSchedule schedule;

    public LogRetentionTask(LogSink sink, LogConfig config, Vertx vertx) {
        this.sink = sink;
        this.config = config;
        this.schedule = new RetentionSchedule(vertx, "log lines", config.retention(), this::run);
    }

    void start(@Observes StartupEvent event) {
        if (config.driver() == LogConfig.Driver.DATABASE) {
            schedule.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        schedule.stop();
    }

    /** Deletes the lines older than the retention now; returns how many. */
    public int run() {
        if (sink instanceof PostgresLogSink database) {
            return database.deleteOlderThan(Instant.now().minus(config.retention()));
        }
        return 0;
    }
}
