package dev.jobber.trigger.schedule;

import dev.jobber.common.syntax.CronExpression;
import dev.jobber.common.syntax.QuartzCron;
import dev.jobber.job.Job;
import dev.jobber.job.JobRepository;
import dev.jobber.job.Trigger;
import dev.jobber.job.TriggerStatus;
import dev.jobber.job.TriggerStatuses;
import dev.jobber.job.VersionsChanged;
import dev.jobber.job.manifest.TriggerDefinition;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Keeps Quartz in step with the schedule triggers of every enabled job's active version. Changes are made in the
 * transaction that publishes, activates, disables or deletes (Quartz's tables live in the same database), so a
 * schedule changes atomically with the version. Quartz jobs are grouped by job id, one per schedule trigger.
 *
 * <p>Misfires (a tick more than the misfire threshold late, because the previous run of the trigger is still going or
 * no instance was up) are skipped, not caught up: the next run is the next tick on the schedule.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final Scheduler scheduler;
    private final JobRepository jobs;
    private final TriggerStatuses statuses;

    public Schedules(Scheduler scheduler, JobRepository jobs, TriggerStatuses statuses) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.statuses = statuses;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        Set<String> known = new HashSet<>();
        for (Job job : jobs.list()) {
            known.add(job.id.toString());
            sync(job.id);
        }
        try {
            for (String group : scheduler.getJobGroupNames()) {
                if (isJobGroup(group) && !known.contains(group)) {
                    scheduler.deleteJobs(new ArrayList<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))));
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not clean up the schedules of deleted jobs", e);
        }
    }

    /** Job schedules are grouped by job id; Jobber's own Quartz jobs (such as backups) have other groups. */
    private static boolean isJobGroup(String group) {
        try {
            UUID.fromString(group);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Runs inside the changing transaction: the schedules commit or roll back with it. */
    void onVersionsChanged(@Observes(during = TransactionPhase.IN_PROGRESS) VersionsChanged event) {
        sync(event.jobId());
    }

    private void sync(UUID jobId) {
        try {
            List<JobKey> existing = new ArrayList<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(jobId.toString())));
            scheduler.deleteJobs(existing);
            existing.forEach(key -> statuses.remove(UUID.fromString(key.getName())));
            Job job = jobs.find(jobId).orElse(null);
            if (job == null || !Job.ENABLED.equals(job.status) || job.activeVersionId == null) {
                return;
            }
            for (Trigger trigger : jobs.triggersOfVersion(job.activeVersionId)) {
                if (trigger.definition() instanceof TriggerDefinition.Schedule definition) {
                    schedule(job, trigger.id, definition);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not update the schedules of job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }

    private void schedule(Job job, UUID triggerId, TriggerDefinition.Schedule trigger) throws SchedulerException {
        String source = trigger.cron();
        String zoneName = trigger.timezone() != null ? trigger.timezone() : ZoneId.systemDefault().getId();
        CronExpression cron = CronExpression.parse(source);
        JobDetail detail = JobBuilder.newJob(ScheduleTickJob.class)
                .withIdentity(triggerId.toString(), job.id.toString())
                .usingJobData(ScheduleTickJob.JOB_ID, job.id.toString())
                .usingJobData(ScheduleTickJob.TRIGGER_ID, triggerId.toString())
                .usingJobData(ScheduleTickJob.JOB_NAME, job.name)
                .usingJobData(ScheduleTickJob.NAME, trigger.name())
                .usingJobData(ScheduleTickJob.CRON, source)
                .usingJobData(ScheduleTickJob.TIMEZONE, zoneName)
                .storeDurably()
                .build();
        scheduler.addJob(detail, true);
        List<String> expressions = QuartzCron.expressions(cron);
        Instant now = Instant.now();
        for (int i = 0; i < expressions.size(); i++) {
            scheduler.scheduleJob(quartzTrigger(detail.getKey(), triggerId + "-" + i, expressions.get(i),
                    ZoneId.of(zoneName), now));
        }
        statuses.set(triggerId, TriggerStatus.healthy("Scheduled: " + source + " (" + zoneName + ")"));
        LOG.debugf("Scheduled %s of job %s as %s", source, job.name, expressions);
    }

    /**
     * The Quartz trigger of one cron expression, first firing at the first tick after the second {@code now} falls in.
     * Quartz would otherwise start it at {@code now} and, as it looks for the first fire time from one second before
     * its start, fire the tick of the current second again when a new version replaces the trigger that already fired
     * it (and fire a tick from before the job existed on its first publish).
     */
    static org.quartz.Trigger quartzTrigger(JobKey job, String name, String expression, ZoneId zone, Instant now) {
        return TriggerBuilder.newTrigger()
                .withIdentity(name, job.getGroup())
                .forJob(job)
                .startAt(Date.from(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)))
                .withSchedule(CronScheduleBuilder.cronSchedule(expression)
                        .inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
    }
}
