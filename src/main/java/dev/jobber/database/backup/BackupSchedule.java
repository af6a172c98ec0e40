package dev.jobber.database.backup;

import dev.jobber.common.syntax.CronExpression;
import dev.jobber.common.syntax.QuartzCron;
import dev.jobber.config.DatabaseConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.jboss.logging.Logger;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Puts the backup job on the clustered Quartz scheduler ({@code DATABASE_BACKUP_SCHEDULE} in
 * {@code DATABASE_BACKUP_SCHEDULE_TIMEZONE}), so that of several instances sharing the database one takes each backup.
 * Every instance replaces the schedule when it starts: the last one started decides it.
 */
@ApplicationScoped
public class BackupSchedule {

    /** Quartz group of Jobber's own jobs; the groups of job schedules are job ids. */
    static final String GROUP = "jobber";
    static final JobKey KEY = JobKey.jobKey("database-backup", GROUP);

    private static final Logger LOG = Logger.getLogger(BackupSchedule.class);

    private final Scheduler scheduler;
    private final DatabaseConfig config;

    public BackupSchedule(Scheduler scheduler, DatabaseConfig config) {
        this.scheduler = scheduler;
        this.config = config;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) throws SchedulerException {
        CronExpression cron = CronExpression.parse(config.backupSchedule());
        TimeZone zone = TimeZone.getTimeZone(config.backupScheduleTimezone());
        JobDetail detail = JobBuilder.newJob(DatabaseBackupJob.class).withIdentity(KEY).storeDurably().build();
        List<String> expressions = QuartzCron.expressions(cron);
        Set<Trigger> triggers = new LinkedHashSet<>();
        for (int i = 0; i < expressions.size(); i++) {
            triggers.add(TriggerBuilder.newTrigger().withIdentity(KEY.getName() + "-" + i, GROUP).forJob(detail)
                    .withSchedule(CronScheduleBuilder.cronSchedule(expressions.get(i)).inTimeZone(zone)
                            .withMisfireHandlingInstructionDoNothing())
                    .build());
        }
        scheduler.deleteJob(KEY);
        scheduler.scheduleJob(detail, triggers, true);
        LOG.debugf("Database backups scheduled: %s (%s)", config.backupSchedule(), zone.getID());
    }
}
