package dev.jobber.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.audit.AuditNotes;
import dev.jobber.common.ConflictException;
import dev.jobber.common.Fields;
import dev.jobber.common.ForbiddenException;
import dev.jobber.job.archive.ArchiveInspector;
import dev.jobber.job.archive.ArchiveStore;
import dev.jobber.job.archive.InspectedArchive;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.Manifest;
import dev.jobber.job.manifest.ManifestParser;
import dev.jobber.job.manifest.TriggerDefinition;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Publishes an uploaded archive as a new version of the job its manifest names. Either everything is stored — the
 * archive file, the job, version, action and triggers — or nothing is.
 */
@ApplicationScoped
public class PublishService {

    private static final Logger LOG = Logger.getLogger(PublishService.class);

    private final ArchiveInspector inspector;
    private final ManifestParser parser;
    private final ArchiveStore archives;
    private final JobRepository jobs;
    private final JobService jobService;
    private final ObjectMapper mapper;
    private final Event<VersionsChanged> versionsChanged;
    private final AuditNotes audit;
    private final RouteOwnership routes;

    public PublishService(ArchiveInspector inspector, ManifestParser parser, ArchiveStore archives,
            JobRepository jobs, JobService jobService, ObjectMapper mapper, Event<VersionsChanged> versionsChanged,
            AuditNotes audit, RouteOwnership routes) {
        this.routes = routes;
        this.inspector = inspector;
        this.parser = parser;
        this.archives = archives;
        this.jobs = jobs;
        this.jobService = jobService;
        this.mapper = mapper;
        this.versionsChanged = versionsChanged;
        this.audit = audit;
    }

    /**
     * @param upload   the uploaded archive on disk; left in place
     * @param rollout  make the new version active
     * @param takeover take over HTTP routes other jobs serve ({@link RouteOwnership})
     * @param access   what the publisher may do; checked before anything is stored
     * @throws dev.jobber.common.ValidationException     the archive or manifest is invalid (every problem named)
     * @throws dev.jobber.common.PayloadTooLargeException the archive is over the size limit
     * @throws ForbiddenException                         the publisher may not create this job or add a version to it
     * @throws ConflictException                          the version exists with a different archive, or an HTTP
     *                                                    trigger overlaps a route another job serves
     */
    public PublishResult publish(Path upload, boolean rollout, boolean takeover, PublishAccess access) {
        InspectedArchive archive = inspector.inspect(upload);
        Manifest manifest = parser.parse(archive.manifest(), archive::contains);
        Optional<UUID> existing = QuarkusTransaction.requiringNew().call(() -> jobs.findIdByName(manifest.name()));
        authorise(manifest.name(), existing, access);
        boolean stored = archives.put(upload, archive.sha256());
        try {
            PublishResult result = QuarkusTransaction.requiringNew().call(() -> record(manifest, archive, rollout,
                    takeover, access));
            LOG.infof("Published %s@%s (%s, %d bytes)%s", manifest.name(), manifest.version(), archive.sha256(),
                    archive.size(), result.created() ? (rollout ? ", now active" : "") : ", unchanged");
            return result;
        } catch (RuntimeException e) {
            if (stored) {
                jobService.deleteArchiveIfUnused(archive.sha256());
            }
            throw e;
        }
    }

    /** A new version of an existing job needs write on that job's publish resource; a new job, on job/-/publish. */
    private static void authorise(String name, Optional<UUID> existing, PublishAccess access) {
        if (existing.isPresent() && !access.mayAddVersion(existing.get())) {
            throw new ForbiddenException("Not permitted: job \"" + name + "\" exists, and publishing a version of it "
                    + "needs write on job/<its id>/publish (job/<its id> covers it); job/-/publish creates new jobs only");
        }
        if (existing.isEmpty() && !access.mayCreateJob()) {
            throw new ForbiddenException("Not permitted: creating the new job \"" + name
                    + "\" needs write on job/-/publish");
        }
    }

    private PublishResult record(Manifest manifest, InspectedArchive archive, boolean rollout, boolean takeover,
            PublishAccess access) {
        Instant now = JobRepository.now();
        Job template = new Job();
        template.id = UUID.randomUUID();
        template.description = manifest.description();
        template.links = mapper.valueToTree(manifest.links());
        template.created = now;
        Job job = jobs.lockOrCreate(manifest.name(), template);
        boolean jobCreated = job.id.equals(template.id);
        authorise(manifest.name(), jobCreated ? Optional.empty() : Optional.of(job.id), access);
        Map<String, Object> before = jobCreated ? null : jobService.auditState(job);

        var existing = jobs.findVersion(job.id, manifest.version());
        if (existing.isPresent()) {
            JobVersion version = existing.get();
            if (!version.archiveSha256.equals(archive.sha256())) {
                throw new ConflictException("Version " + manifest.version() + " of job " + manifest.name()
                        + " already exists with a different archive; versions are immutable, publish a new version");
            }
            audit.changed("job.publish-unchanged", "job/" + job.id, Fields.of("jobId", job.id,
                    "versionId", version.id, "version", version.version, "archiveSha256", archive.sha256()));
            return new PublishResult(jobService.get(job.id), version, false);
        }
        routes.check(job.id, manifest.triggers(), takeover, access);

        JobVersion version = new JobVersion();
        version.id = UUID.randomUUID();
        version.jobId = job.id;
        version.version = manifest.version();
        version.archiveSha256 = archive.sha256();
        version.archiveSize = archive.size();
        version.main = manifest.main();
        version.moduleType = manifest.moduleType();
        version.nodeMajor = manifest.nodeMajor();
        version.manifest = manifest.raw();
        version.created = now;
        version.modified = now;
        jobs.persist(version);
        jobs.persist(action(job, version, manifest.action(), now));
        List<TriggerDefinition> triggers = manifest.triggers();
        for (int i = 0; i < triggers.size(); i++) {
            jobs.persist(trigger(job, version, i, triggers.get(i), now));
        }
        if (rollout) {
            job.activeVersionId = version.id;
            job.description = manifest.description();
            job.links = mapper.valueToTree(manifest.links());
            job.modified = now;
            versionsChanged.fire(new VersionsChanged(job.id));
        }
        jobs.flush();
        audit.changed("job.published", "job/" + job.id, Fields.of("jobId", job.id, "jobCreated", jobCreated,
                "versionId", version.id, "version", version.version, "archiveSha256", archive.sha256(),
                "activated", rollout, "before", before, "after", jobService.auditState(job)));
        return new PublishResult(new JobDetails(job, job.activeVersionId == null ? null
                : jobs.findVersion(job.activeVersionId).map(v -> v.version).orElse(null)), version, true);
    }

    private static Action action(Job job, JobVersion version, ActionSettings settings, Instant now) {
        Action action = new Action();
        action.id = UUID.randomUUID();
        action.jobId = job.id;
        action.jobVersionId = version.id;
        action.runnerAsynchronous = settings.runnerAsynchronous();
        action.runnerMinCount = settings.runnerMinCount();
        action.runnerMaxCount = settings.runnerMaxCount();
        action.runnerTimeout = settings.runnerTimeout();
        action.runnerMaxIdleAge = settings.runnerMaxIdleAge();
        action.runnerMaxAge = settings.runnerMaxAge();
        action.runnerMaxAgeHard = settings.runnerMaxAgeHard();
        action.runnerMode = settings.runnerMode().manifestName();
        action.runnerDockerArguments = settings.runnerDockerArguments();
        action.created = now;
        return action;
    }

    private static Trigger trigger(Job job, JobVersion version, int position, TriggerDefinition definition,
            Instant now) {
        Trigger trigger = new Trigger();
        trigger.id = UUID.randomUUID();
        trigger.jobId = job.id;
        trigger.jobVersionId = version.id;
        trigger.position = position;
        trigger.kind = definition.kind();
        trigger.name = definition.name();
        trigger.context = definition.context();
        trigger.created = now;
        return trigger;
    }
}
