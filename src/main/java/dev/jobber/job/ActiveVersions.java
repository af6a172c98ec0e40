package dev.jobber.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what must be running: the active version of every enabled job. Each read runs in a transaction of its own,
 * so it can be used from observers of committed changes.
 */
@ApplicationScoped
public class ActiveVersions {

    private final JobRepository jobs;

    public ActiveVersions(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ActiveVersion> list() {
        List<ActiveVersion> result = new ArrayList<>();
        for (Job job : jobs.list()) {
            load(job).ifPresent(result::add);
        }
        return result;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ActiveVersion> find(UUID jobId) {
        return jobs.find(jobId).flatMap(this::load);
    }

    private Optional<ActiveVersion> load(Job job) {
        if (!Job.ENABLED.equals(job.status) || job.activeVersionId == null) {
            return Optional.empty();
        }
        Optional<JobVersion> found = jobs.findVersion(job.activeVersionId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JobVersion version = found.get();
        Action a = jobs.actionsOfVersion(version.id).getFirst();
        ActiveVersion.Action action = new ActiveVersion.Action(a.id, a.settings());
        List<ActiveVersion.Trigger> triggers = jobs.triggersOfVersion(version.id).stream()
                .map(t -> new ActiveVersion.Trigger(t.id, t.definition())).toList();
        return Optional.of(new ActiveVersion(job.id, job.name, version.id, version.version, version.main,
                version.moduleType, version.nodeMajor, version.archiveSha256, action, triggers, job.environmentRevision));
    }
}
