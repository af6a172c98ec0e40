package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** The database and its backups ({@code DATABASE_*}). */
@ConfigMapping(prefix = "database")
public interface DatabaseConfig {

    /**
     * {@code postgresql://user:pass@host:port/db?sslmode=…} ({@code DATABASE_URL}); when unset an embedded PostgreSQL
     * keeps its data under the data directory.
     */
    Optional<String> url();

    /** Cron schedule of logical backups ({@code DATABASE_BACKUP_SCHEDULE}). */
    @WithDefault("0 0 * * *")
    String backupSchedule();

    /** Time zone of the backup schedule ({@code DATABASE_BACKUP_SCHEDULE_TIMEZONE}). */
    @WithDefault("UTC")
    ZoneId backupScheduleTimezone();

    /** Backups kept ({@code DATABASE_BACKUP_RETENTION_COUNT}). */
    @WithDefault("32")
    int backupRetentionCount();

    /**
     * How often every job, environment and version is read again in full ({@code DATABASE_CHANGE_CHECK_INTERVAL}),
     * the safety net behind the change notifications that normally bring another instance's changes within a second.
     */
    @WithDefault("30s")
    Duration changeCheckInterval();
}
