package dev.jobber.database.backup;

import dev.jobber.config.DatabaseConfig;
import dev.jobber.config.JobberConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Takes backups of the job database into {@code $JOBBER_DATA_DIR/backups} and keeps the newest
 * {@code DATABASE_BACKUP_RETENTION_COUNT}. {@link BackupSchedule} runs it on the configured schedule.
 */
@ApplicationScoped
public class DatabaseBackups {

    private static final Logger LOG = Logger.getLogger(DatabaseBackups.class);

    private final DataSource dataSource;
    private final BackupFiles files;
    private final int retentionCount;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Instant lastSuccess;

    public DatabaseBackups(DataSource dataSource, JobberConfig jobber, DatabaseConfig database) {
        this.dataSource = dataSource;
        this.files = new BackupFiles(jobber.dataDir().resolve("backups").toAbsolutePath().normalize());
        this.retentionCount = database.backupRetentionCount();
    }

    /** Writes a backup now and deletes the oldest beyond the retention count; answers the new file. */
    public Path backUp() throws IOException, SQLException {
        try {
            Path target = write();
            succeeded.incrementAndGet();
            lastSuccess = Instant.now();
            return target;
        } catch (IOException | SQLException | RuntimeException e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    /** Backups this instance wrote since it started. */
    public long succeeded() {
        return succeeded.get();
    }

    /** Backups this instance attempted and failed since it started. */
    public long failed() {
        return failed.get();
    }

    /** When this instance last wrote a backup, in unix seconds; 0 before the first. */
    public double lastSuccessEpochSeconds() {
        Instant last = lastSuccess;
        return last == null ? 0 : last.toEpochMilli() / 1000.0;
    }

    private Path write() throws IOException, SQLException {
        files.createDirectory();
        files.removeUnfinished();
        Path target = files.fileFor(Instant.now());
        BackupManifest manifest;
        try (Connection connection = dataSource.getConnection()) {
            manifest = DatabaseBackup.write(connection, target);
        }
        long rows = manifest.tables().stream().mapToLong(BackupManifest.Table::rows).sum();
        LOG.infof("Database backup written to %s: %d tables, %d rows, %d bytes", target, manifest.tables().size(),
                rows, Files.size(target));
        List<Path> deleted = files.prune(retentionCount);
        if (!deleted.isEmpty()) {
            LOG.infof("Deleted %d backup(s) beyond DATABASE_BACKUP_RETENTION_COUNT=%d, the newest of them %s",
                    deleted.size(), retentionCount, deleted.getLast().getFileName());
        }
        return target;
    }
}
