package dev.jobber.metrics;

import dev.jobber.database.backup.DatabaseBackups;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Database backups of this instance: {@code jobber_database_backups_total{result="success|failure"}} and
 * {@code jobber_database_backup_last_success_timestamp_seconds}, so an alert can fire when backups fail or stop.
 */
@ApplicationScoped
public class BackupMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, DatabaseBackups backups) {
        FunctionCounter.builder("jobber.database.backups", backups, DatabaseBackups::succeeded)
                .description("Database backups written by this instance").tag("result", "success")
                .register(registry);
        FunctionCounter.builder("jobber.database.backups", backups, DatabaseBackups::failed)
                .description("Database backups written by this instance").tag("result", "failure")
                .register(registry);
        Gauge.builder("jobber.database.backup.last.success.timestamp", backups,
                        DatabaseBackups::lastSuccessEpochSeconds)
                .description("When this instance last wrote a database backup (unix time; 0 before the first)")
                .baseUnit("seconds").register(registry);
    }
}
