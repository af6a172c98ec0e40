package dev.jobber.database.backup;

import jakarta.enterprise.context.Dependent;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** One scheduled backup; Quartz runs it on one instance of a cluster, never two at once. */
@Dependent
@DisallowConcurrentExecution
public class DatabaseBackupJob implements Job {

    private static final Logger LOG = Logger.getLogger(DatabaseBackupJob.class);

    private final DatabaseBackups backups;

    public DatabaseBackupJob(DatabaseBackups backups) {
        this.backups = backups;
    }

    @Override
    public void execute(JobExecutionContext context) {
        try {
            backups.backUp();
        } catch (Exception e) {
            LOG.errorf(e, "Database backup failed: %s", e.getMessage());
        }
    }
}
