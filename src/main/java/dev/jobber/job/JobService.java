package dev.jobber.job;

import dev.jobber.audit.AuditNotes;
import dev.jobber.common.Fields;
import dev.jobber.common.NotFoundException;
import dev.jobber.common.ValidationException;
import dev.jobber.job.archive.ArchiveStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads and changes jobs and their versions, actions and triggers. */
@ApplicationScoped
public class JobService {

    private final JobRepository jobs;
    private final ArchiveStore archives;
    private final Event<VersionsChanged> versionsChanged;
    private final AuditNotes audit;
    private final RouteOwnership routes;

    public JobService(JobRepository jobs, ArchiveStore archives, Event<VersionsChanged> versionsChanged,
            AuditNotes audit, RouteOwnership routes) {
        this.routes = routes;
        this.jobs = jobs;
        this.archives = archives;
        this.versionsChanged = versionsChanged;
        this.audit = audit;
    }

    @Transactional
    public List<JobDetails> list() {
        return jobs.list().stream().map(this::details).toList();
    }

    /** @throws NotFoundException when no job has that id */
    @Transactional
    public JobDetails get(UUID id) {
        return details(require(id));
    }

    @Transactional
    public List<JobVersion> versions(UUID jobId) {
        require(jobId);
        return jobs.versions(jobId);
    }

    /** @throws NotFoundException when the job has no version of that id */
    @Transactional
    public JobVersion version(UUID jobId, UUID versionId) {
        require(jobId);
        return jobs.findVersion(versionId).filter(v -> v.jobId.equals(jobId))
                .orElseThrow(() -> new NotFoundException("Version " + versionId + " of job " + jobId + " not found"));
    }

    /** Every version's action, or only the active version's when {@code currentOnly}. */
    @Transactional
    public List<Action> actions(UUID jobId, boolean currentOnly) {
        Job job = require(jobId);
        if (currentOnly) {
            return job.activeVersionId == null ? List.of() : jobs.actionsOfVersion(job.activeVersionId);
        }
        return jobs.actions(jobId);
    }

    /** Every version's triggers, or only the active version's when {@code currentOnly}. */
    @Transactional
    public List<Trigger> triggers(UUID jobId, boolean currentOnly) {
        Job job = require(jobId);
        if (currentOnly) {
            return job.activeVersionId == null ? List.of() : jobs.triggersOfVersion(job.activeVersionId);
        }
        return jobs.triggers(jobId);
    }

    /** @throws NotFoundException when the job has no trigger of that id */
    @Transactional
    public Trigger trigger(UUID jobId, UUID triggerId) {
        require(jobId);
        return jobs.triggers(jobId).stream().filter(t -> t.id.equals(triggerId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Trigger " + triggerId + " of job " + jobId + " not found"));
    }

    /** Version labels of a job's versions by id, for views that show them next to actions and triggers. */
    @Transactional
    public Map<UUID, String> versionLabels(UUID jobId) {
        Map<UUID, String> labels = new HashMap<>();
        jobs.versions(jobId).forEach(v -> labels.put(v.id, v.version));
        return labels;
    }

    /**
     * Changes status and description, and activates a version (rollback or roll-forward) or none.
     *
     * @throws ValidationException when the status is unknown or the version belongs to another job
     * @throws dev.jobber.common.ConflictException when the version that would serve claims another job's HTTP route
     */
    @Transactional
    public JobDetails update(UUID id, JobUpdate update) {
        Job job = jobs.findForUpdate(id).orElseThrow(() -> notFound(id));
        Map<String, Object> before = auditState(job);
        boolean changed = false;
        if (update.status().isPresent()) {
            String status = update.status().get();
            if (!status.equals(Job.ENABLED) && !status.equals(Job.DISABLED)) {
                throw ValidationException.of("status", "must be \"enabled\" or \"disabled\", got \"" + status + "\"");
            }
            changed |= !status.equals(job.status);
            job.status = status;
        }
        update.description().ifPresent(description -> job.description = description);
        if (update.jobVersionId().isPresent()) {
            UUID versionId = update.jobVersionId().get().orElse(null);
            if (versionId != null) {
                JobVersion version = jobs.findVersion(versionId).orElseThrow(() -> ValidationException.of(
                        "jobVersionId", "no version " + versionId + " exists"));
                if (!version.jobId.equals(job.id)) {
                    throw ValidationException.of("jobVersionId", "version " + versionId
                            + " belongs to another job");
                }
            }
            changed |= !java.util.Objects.equals(versionId, job.activeVersionId);
            job.activeVersionId = versionId;
        }
        job.modified = JobRepository.now();
        if (changed && Job.ENABLED.equals(job.status) && job.activeVersionId != null) {
            routes.checkActivation(job.id, jobs.triggersOfVersion(job.activeVersionId));
        }
        if (changed) {
            versionsChanged.fire(new VersionsChanged(job.id));
        }
        audit.changed("job.updated", "job/" + job.id, before, auditState(job));
        return details(job);
    }

    /** Deletes a job with its versions, actions and triggers, then the archives no other version uses. */
    public void delete(UUID id) {
        Set<String> archiveHashes = QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.findForUpdate(id).orElseThrow(() -> notFound(id));
            Set<String> hashes = jobs.versions(id).stream().map(v -> v.archiveSha256).collect(Collectors.toSet());
            audit.changed("job.deleted", "job/" + id, auditState(job), null);
            jobs.delete(job);
            versionsChanged.fire(new VersionsChanged(id));
            return hashes;
        });
        for (String sha256 : archiveHashes) {
            deleteArchiveIfUnused(sha256);
        }
    }

    void deleteArchiveIfUnused(String sha256) {
        boolean unused = QuarkusTransaction.requiringNew().call(() -> jobs.countVersionsWithArchive(sha256) == 0);
        if (unused) {
            archives.delete(sha256);
        }
    }

    /** What the audit log shows of a job before and after a change. */
    Map<String, Object> auditState(Job job) {
        return Fields.of("name", job.name, "status", job.status, "description", job.description,
                "activeVersionId", job.activeVersionId, "activeVersion", details(job).activeVersion());
    }

    private Job require(UUID id) {
        return jobs.find(id).orElseThrow(() -> notFound(id));
    }

    private JobDetails details(Job job) {
        String active = job.activeVersionId == null ? null
                : jobs.findVersion(job.activeVersionId).map(v -> v.version).orElse(null);
        return new JobDetails(job, active);
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("Job " + id + " not found");
    }
}
