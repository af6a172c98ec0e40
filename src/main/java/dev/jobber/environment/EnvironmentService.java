package dev.jobber.environment;

import dev.jobber.audit.AuditNotes;
import dev.jobber.common.Fields;
import dev.jobber.common.NotFoundException;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import dev.jobber.database.changes.Change;
import dev.jobber.database.changes.FullCheck;
import dev.jobber.job.Job;
import dev.jobber.job.JobRepository;
import dev.jobber.job.VersionsChanged;
import dev.jobber.runner.RunnerEnvironment;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A job's environment variables: text values stored as they are, secrets encrypted (AES-GCM bound to job and name).
 * Every change increments the job's environment revision and fires {@link VersionsChanged} in the same transaction,
 * so the job's runners are replaced once it commits. Runners get the decrypted variables from a cache filled at
 * startup and refreshed on every such event and on every change the database announces from any instance (each time
 * before the other followers react to it), so a connecting runner is normally answered without a database read; only
 * a job the cache has not seen is loaded on the spot.
 */
@ApplicationScoped
public class EnvironmentService implements RunnerEnvironment {

    private static final Logger LOG = Logger.getLogger(EnvironmentService.class);

    private final EntityManager em;
    private final JobRepository jobs;
    private final SecretKeys keys;
    private final EnvironmentLoader loader;
    private final Event<VersionsChanged> versionsChanged;
    private final AuditNotes audit;
    private final Map<UUID, Map<String, String>> runnerEnvironments = new ConcurrentHashMap<>();

    public EnvironmentService(EntityManager em, JobRepository jobs, SecretKeys keys, EnvironmentLoader loader,
            Event<VersionsChanged> versionsChanged, AuditNotes audit) {
        this.em = em;
        this.jobs = jobs;
        this.keys = keys;
        this.loader = loader;
        this.versionsChanged = versionsChanged;
        this.audit = audit;
    }

    /** Every variable of the job by name; secrets without their value. @throws NotFoundException for no such job */
    @Transactional
    public Map<String, EnvironmentEntry> list(UUID jobId) {
        requireJob(jobId);
        Map<String, EnvironmentEntry> result = new LinkedHashMap<>();
        for (EnvironmentVariable variable : variables(jobId)) {
            result.put(variable.name, new EnvironmentEntry(variable.type, variable.secret() ? null : variable.value));
        }
        return result;
    }

    /**
     * Creates or replaces a variable; the name is upper-cased.
     *
     * @throws ValidationException naming every problem of name, type and value
     * @throws NotFoundException when no job has that id
     */
    @Transactional
    public void set(UUID jobId, String rawName, String type, String value) {
        String name = EnvironmentRules.normalize(rawName);
        List<FieldError> errors = EnvironmentRules.check(name, type, value);
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid environment variable", errors);
        }
        Job job = jobs.findForUpdate(jobId).orElseThrow(() -> jobNotFound(jobId));
        EnvironmentVariable variable = find(jobId, name).orElse(null);
        Map<String, Object> before = auditState(variable);
        java.time.Instant now = JobRepository.now();
        if (variable == null) {
            variable = new EnvironmentVariable();
            variable.id = UUID.randomUUID();
            variable.jobId = jobId;
            variable.name = name;
            variable.created = now;
        }
        variable.type = type;
        variable.modified = now;
        if (variable.secret()) {
            variable.value = null;
            variable.ciphertext = keys.cipher().encrypt(value.getBytes(StandardCharsets.UTF_8),
                    associatedData(jobId, name));
        } else {
            variable.value = value;
            variable.ciphertext = null;
        }
        if (!em.contains(variable)) {
            em.persist(variable);
        }
        changed(job);
        audit.changed(before == null ? "environment.created" : "environment.changed",
                "job/" + jobId + "/environment/" + name, before, auditState(variable));
    }

    /** @throws NotFoundException when the job or the variable does not exist */
    @Transactional
    public void delete(UUID jobId, String rawName) {
        String name = EnvironmentRules.normalize(rawName);
        Job job = jobs.findForUpdate(jobId).orElseThrow(() -> jobNotFound(jobId));
        EnvironmentVariable variable = find(jobId, name).orElseThrow(() -> new NotFoundException(
                "Environment variable " + name + " of job " + jobId + " not found"));
        audit.changed("environment.deleted", "job/" + jobId + "/environment/" + name, auditState(variable), null);
        em.remove(variable);
        changed(job);
    }

    /** A variable's value, secrets decrypted (e.g. for MQTT connection fields given as {@code …Variable}). */
    @Transactional
    public Optional<String> resolve(UUID jobId, String rawName) {
        return find(jobId, EnvironmentRules.normalize(rawName)).map(this::plaintext);
    }

    @Override
    public Map<String, String> of(UUID jobId) {
        return runnerEnvironments.computeIfAbsent(jobId, id -> loader.load(id).orElse(Map.of()));
    }

    void warmUp(@Observes @Priority(6) StartupEvent event) {
        reloadAll();
    }

    /** Runs before the runner manager's observer of the same event, so new runners get the new environment. */
    void onVersionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(1) VersionsChanged event) {
        reload(event.jobId());
    }

    /** A change of any instance: runs before the other followers of the change feed, like the observer above. */
    void onChange(@Observes @Priority(1) Change change) {
        change.jobId().ifPresent(jobId -> {
            try {
                reload(jobId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not reload the environment of job %s", jobId);
            }
        });
    }

    void onFullCheck(@Observes @Priority(1) FullCheck check) {
        try {
            reloadAll();
        } catch (RuntimeException e) {
            LOG.warn("Could not reload the jobs' environments", e);
        }
    }

    /** Reads and stores under one lock, so an older read never replaces a newer one. */
    private synchronized void reload(UUID jobId) {
        Optional<Map<String, String>> environment = loader.load(jobId);
        if (environment.isPresent()) {
            runnerEnvironments.put(jobId, environment.get());
        } else {
            runnerEnvironments.remove(jobId);
        }
    }

    private synchronized void reloadAll() {
        Map<UUID, Map<String, String>> all = loader.loadAll();
        runnerEnvironments.keySet().retainAll(all.keySet());
        runnerEnvironments.putAll(all);
    }

    private void changed(Job job) {
        job.environmentRevision++;
        job.modified = JobRepository.now();
        versionsChanged.fire(new VersionsChanged(job.id));
    }

    /** What the audit log shows of a variable: a text value, but of a secret only that it is one. */
    private static Map<String, Object> auditState(EnvironmentVariable variable) {
        if (variable == null) {
            return null;
        }
        return variable.secret() ? Fields.of("type", variable.type)
                : Fields.of("type", variable.type, "value", variable.value);
    }

    private String plaintext(EnvironmentVariable variable) {
        if (!variable.secret()) {
            return variable.value;
        }
        return new String(keys.cipher().decrypt(variable.ciphertext, associatedData(variable.jobId, variable.name)),
                StandardCharsets.UTF_8);
    }

    static byte[] associatedData(UUID jobId, String name) {
        return (jobId + "/" + name).getBytes(StandardCharsets.UTF_8);
    }

    private List<EnvironmentVariable> variables(UUID jobId) {
        return em.createQuery("from EnvironmentVariable where jobId = :job order by name", EnvironmentVariable.class)
                .setParameter("job", jobId).getResultList();
    }

    private Optional<EnvironmentVariable> find(UUID jobId, String name) {
        return em.createQuery("from EnvironmentVariable where jobId = :job and name = :name",
                EnvironmentVariable.class).setParameter("job", jobId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    private void requireJob(UUID jobId) {
        jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
    }

    private static NotFoundException jobNotFound(UUID jobId) {
        return new NotFoundException("Job " + jobId + " not found");
    }
}
