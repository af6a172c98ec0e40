package dev.jobber.trigger;

import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogLine;
import dev.jobber.metrics.RecentErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Trigger problems (failed runs, skipped ticks, lost connections) as system lines of the job's log. */
@ApplicationScoped
public class TriggerLog {

    private static final Logger LOG = Logger.getLogger(TriggerLog.class);

    private final JobLogs logs;
    private final RecentErrors errors;

    public TriggerLog(JobLogs logs, RecentErrors errors) {
        this.logs = logs;
        this.errors = errors;
    }

    /** Logs a trigger problem, and notes it among the recent errors. */
    public void warn(UUID jobId, String jobName, String message) {
        LOG.warnf("[%s] %s", jobName, message);
        errors.record(jobId, jobName, RecentErrors.Kind.TRIGGER, message);
        try {
            logs.append(LogLine.system(jobId, null, null, null, LogLine.Stream.STDERR, message));
        } catch (RuntimeException e) {
            LOG.debugf("Could not log for job %s: %s", jobId, e.getMessage());
        }
    }
}
