package dev.jobber.trigger.schedule;

import dev.jobber.job.TriggerStatus;
import dev.jobber.job.TriggerStatuses;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.CompletionSink;
import dev.jobber.runner.Event;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.protocol.EventSource;
import dev.jobber.trigger.TriggerLog;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.Dependent;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

/**
 * One tick of a schedule trigger: hands a schedule event to the job's runners and waits for its end, so that (with
 * {@link DisallowConcurrentExecution}, cluster-wide) the next tick of the same trigger never starts while this one
 * runs; ticks that came meanwhile are skipped, counted and logged.
 */
@Dependent
@DisallowConcurrentExecution
public class ScheduleTickJob implements Job {

    static final String JOB_ID = "jobId";
    static final String TRIGGER_ID = "triggerId";
    static final String JOB_NAME = "jobName";
    static final String NAME = "name";
    static final String CRON = "cron";
    static final String TIMEZONE = "timezone";

    private final RunnerManager runners;
    private final TriggerStatuses statuses;
    private final ScheduleCounters counters;
    private final TriggerLog log;
    private final JobberMetrics metrics;

    public ScheduleTickJob(RunnerManager runners, TriggerStatuses statuses, ScheduleCounters counters,
            TriggerLog log, JobberMetrics metrics) {
        this.metrics = metrics;
        this.runners = runners;
        this.statuses = statuses;
        this.counters = counters;
        this.log = log;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        UUID jobId = UUID.fromString(data.getString(JOB_ID));
        UUID triggerId = UUID.fromString(data.getString(TRIGGER_ID));
        Date scheduled = context.getScheduledFireTime();
        long skipped = skippedSince(context.getTrigger(), context.getPreviousFireTime(), scheduled);
        counters.skipped(triggerId, skipped);
        if (skipped > 0) {
            log.warn(jobId, data.getString(JOB_NAME), "Schedule " + data.getString(CRON) + " skipped " + skipped
                    + " tick(s): the previous run was still going");
        }
        EventSource tick = new EventSource.Schedule(data.getString(NAME), data.getString(CRON),
                data.getString(TIMEZONE), scheduled.getTime());
        CompletionSink sink = new CompletionSink();
        runners.invoke(jobId, new Event(tick, Buffer.buffer()), sink);
        VersionMeters meters = metrics.active(jobId);
        try {
            sink.result().get();
            meters.scheduleRan(true);
            statuses.set(triggerId, TriggerStatus.healthy("Last run at " + Instant.ofEpochMilli(scheduled.getTime())
                    + " succeeded" + skippedNote(triggerId)));
        } catch (ExecutionException e) {
            meters.scheduleRan(false);
            String message = e.getCause().getMessage();
            log.warn(jobId, data.getString(JOB_NAME), "Scheduled run at " + Instant.ofEpochMilli(scheduled.getTime())
                    + " failed: " + message);
            statuses.set(triggerId, TriggerStatus.unhealthy("Last run at " + Instant.ofEpochMilli(
                    scheduled.getTime()) + " failed: " + message + skippedNote(triggerId)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String skippedNote(UUID triggerId) {
        long total = counters.skipped(triggerId);
        return total == 0 ? "" : "; " + total + " tick(s) skipped so far";
    }

    /** Ticks of this trigger strictly between the last one that ran (on any instance) and this one. */
    static long skippedSince(Trigger trigger, Date last, Date scheduled) {
        if (last == null || !(trigger instanceof CronTrigger cron)) {
            return 0;
        }
        long skipped = 0;
        Date next = cron.getFireTimeAfter(last);
        while (next != null && next.before(scheduled) && skipped < 1_000_000) {
            skipped++;
            next = cron.getFireTimeAfter(next);
        }
        return skipped;
    }
}
