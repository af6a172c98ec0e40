package dev.jobber.job;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Data access for jobs, versions, actions and triggers; callers own the transaction. */
@ApplicationScoped
public class JobRepository {

    private final EntityManager em;

    public JobRepository(EntityManager em) {
        this.em = em;
    }

    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id));
    }

    public Optional<Job> findForUpdate(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public List<Job> list() {
        return em.createQuery("from Job order by name", Job.class).getResultList();
    }

    public Optional<UUID> findIdByName(String name) {
        return em.createQuery("select j.id from Job j where j.name = :name", UUID.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /** The job of that name, created with the given fields if there is none, locked until the transaction ends. */
    public Job lockOrCreate(String name, Job template) {
        em.createNativeQuery("""
                insert into job (id, name, description, links, status, created, modified)
                values (?1, ?2, ?3, cast(?4 as jsonb), 'enabled', ?5, ?5)
                on conflict (name) do nothing""")
                .setParameter(1, template.id)
                .setParameter(2, name)
                .setParameter(3, template.description)
                .setParameter(4, template.links.toString())
                .setParameter(5, template.created)
                .executeUpdate();
        return em.createQuery("from Job where name = :name", Job.class)
                .setParameter("name", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResult();
    }

    public Optional<JobVersion> findVersion(UUID jobId, String version) {
        return em.createQuery("from JobVersion where jobId = :job and version = :version", JobVersion.class)
                .setParameter("job", jobId).setParameter("version", version)
                .getResultStream().findFirst();
    }

    public Optional<JobVersion> findVersion(UUID id) {
        return Optional.ofNullable(em.find(JobVersion.class, id));
    }

    public List<JobVersion> versions(UUID jobId) {
        return em.createQuery("from JobVersion where jobId = :job order by created, version", JobVersion.class)
                .setParameter("job", jobId).getResultList();
    }

    public List<Action> actions(UUID jobId) {
        return em.createQuery("from Action where jobId = :job order by created", Action.class)
                .setParameter("job", jobId).getResultList();
    }

    public List<Action> actionsOfVersion(UUID versionId) {
        return em.createQuery("from Action where jobVersionId = :version", Action.class)
                .setParameter("version", versionId).getResultList();
    }

    public List<Trigger> triggers(UUID jobId) {
        return em.createQuery("from Trigger where jobId = :job order by created, position", Trigger.class)
                .setParameter("job", jobId).getResultList();
    }

    public List<Trigger> triggersOfVersion(UUID versionId) {
        return em.createQuery("from Trigger where jobVersionId = :version order by position", Trigger.class)
                .setParameter("version", versionId).getResultList();
    }

    /** An HTTP trigger of an enabled job's active version. */
    public record ServedRoute(UUID jobId, String jobName, JsonNode trigger) {
    }

    /** The HTTP triggers the gateway serves for enabled jobs other than {@code jobId}. */
    public List<ServedRoute> servedHttpRoutesOfOtherJobs(UUID jobId) {
        return em.createQuery("""
                select j.id, j.name, t.context from Trigger t, Job j
                where t.jobVersionId = j.activeVersionId and j.status = :enabled and t.kind = 'http' and j.id <> :job
                """, Object[].class)
                .setParameter("enabled", Job.ENABLED).setParameter("job", jobId).getResultStream()
                .map(row -> new ServedRoute((UUID) row[0], (String) row[1], (JsonNode) row[2])).toList();
    }

    /** Serialises claims of HTTP routes until the transaction ends, so two jobs cannot claim one route at once. */
    public void lockRouteClaims() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('jobber.route-claims'))").getSingleResult();
    }

    public long countVersionsWithArchive(String sha256) {
        return em.createQuery("select count(v) from JobVersion v where v.archiveSha256 = :sha", Long.class)
                .setParameter("sha", sha256).getSingleResult();
    }

    public void persist(Object entity) {
        em.persist(entity);
    }

    public void flush() {
        em.flush();
    }

    public void delete(Job job) {
        em.createNativeQuery("delete from job where id = ?1").setParameter(1, job.id).executeUpdate();
        em.detach(job);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
