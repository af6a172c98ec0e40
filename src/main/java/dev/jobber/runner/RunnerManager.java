package dev.jobber.runner;

import dev.jobber.common.NotFoundException;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.ManagerConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.database.changes.Change;
import dev.jobber.database.changes.FullCheck;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.ActiveVersions;
import dev.jobber.job.VersionsChanged;
import dev.jobber.job.archive.ArchiveStore;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.runner.container.ContainerRuntime;
import dev.jobber.runner.protocol.ManagerServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps one pool of runners per enabled job's active version, routes events to them, and authenticates runners on the
 * manager socket. Pools follow publishing, activation, disabling and deletion as they commit.
 */
@ApplicationScoped
public class RunnerManager {

    private static final Logger LOG = Logger.getLogger(RunnerManager.class);

    private final Vertx vertx;
    private final PoolServices services;
    private final JobberMetrics metrics;
    private final ManagerConfig managerConfig;
    private final ActiveVersions activeVersions;
    private final Map<UUID, RunnerPool> pools = new ConcurrentHashMap<>();
    private final Set<RunnerPool> drainingPools = ConcurrentHashMap.newKeySet();
    private ManagerServer server;

    public RunnerManager(Vertx vertx, RunnerConfig config, JobberConfig jobber, ManagerConfig managerConfig,
            ActiveVersions activeVersions, ContainerRuntime runtime, ArchiveStore archives, RunnerCalls calls,
            RunnerOutput output, RunnerEnvironment environment, JobberMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.managerConfig = managerConfig;
        this.activeVersions = activeVersions;
        this.services = new PoolServices(vertx, config, jobber, output, calls, environment, runtime, archives,
                this::slotWanted, this::poolClosed);
    }

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        server = new ManagerServer(vertx, services.registry());
        server.start(managerConfig, managerConfig.bindHost());
        services.managerAt(managerConfig.host().orElseGet(RunnerManager::hostName), server.port());
        reconcileAll();
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        List<RunnerPool> all = new ArrayList<>(pools.values());
        all.addAll(drainingPools);
        pools.clear();
        all.forEach(RunnerPool::killAll);
        services.shutdown();
        if (server != null) {
            server.stop();
        }
    }

    /** Runs before the change's own request is answered; container work itself goes on in the background. */
    void onVersionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) VersionsChanged event) {
        reconcile(event.jobId());
    }

    /** A job changed through any instance on the database; its environment is already reloaded. */
    void onChange(@Observes Change change) {
        if (change.kind() == Change.Kind.JOB) {
            reconcile(change.id());
        }
    }

    void onFullCheck(@Observes FullCheck check) {
        try {
            reconcileAll();
        } catch (RuntimeException e) {
            LOG.warn("Could not bring the runner pools in line with the database", e);
        }
    }

    /**
     * Brings every job's pool in line with what is active in the database. Reads under the pools' lock, so a pool a
     * concurrent change has just started is not replaced by what an earlier read found.
     */
    public synchronized void reconcileAll() {
        List<ActiveVersion> active;
        try {
            active = activeVersions.list();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the active versions; runners are left as they are", e);
            return;
        }
        Set<UUID> activeJobs = ConcurrentHashMap.newKeySet();
        for (ActiveVersion version : active) {
            activeJobs.add(version.jobId());
            apply(version.jobId(), Optional.of(version));
        }
        for (UUID jobId : List.copyOf(pools.keySet())) {
            if (!activeJobs.contains(jobId)) {
                apply(jobId, Optional.empty());
            }
        }
    }

    void reconcile(UUID jobId) {
        try {
            apply(jobId, activeVersions.find(jobId));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not reconcile the runners of job %s", jobId);
        }
    }

    private synchronized void apply(UUID jobId, Optional<ActiveVersion> wanted) {
        RunnerPool current = pools.get(jobId);
        if (current != null && wanted.isPresent() && current.version.equals(wanted.get())) {
            return;
        }
        RunnerPool next = wanted.map(v -> new RunnerPool(v, services, metrics.activate(v))).orElse(null);
        if (next == null) {
            pools.remove(jobId);
            metrics.deactivate(jobId);
        } else {
            pools.put(jobId, next);
        }
        if (current != null) {
            drainingPools.add(current);
            for (Invocation waiting : current.drain()) {
                if (next == null || !next.submit(waiting)) {
                    waiting.fail(503, "Job " + current.version.jobName() + " is no longer active");
                }
            }
        }
        if (next != null) {
            next.maintain();
        }
    }

    /** Periodic duties of every pool; each pool's failure is logged and does not stop the others. */
    public void maintainPools() {
        for (RunnerPool pool : pools.values()) {
            maintain(pool);
        }
        for (RunnerPool pool : drainingPools) {
            maintain(pool);
        }
    }

    private static void maintain(RunnerPool pool) {
        try {
            pool.maintain();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Maintaining the runners of %s failed", pool.version.jobName());
        }
    }

    /**
     * Hands an event to the job's active version; the sink receives the answer or a failure (503 when the job has no
     * active version or is saturated). The handle lets the caller give up on it.
     */
    public EventHandle invoke(UUID jobId, Event event, ResponseSink sink) {
        Invocation invocation = new Invocation(event, sink);
        if (!pools.containsKey(jobId) && !io.vertx.core.Context.isOnEventLoopThread()) {
            // Another instance may have activated the job since this one last looked (schedule ticks run anywhere).
            reconcile(jobId);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            RunnerPool pool = pools.get(jobId);
            if (pool == null) {
                invocation.fail(503, "The job has no active version");
                return invocation;
            }
            if (pool.submit(invocation)) {
                return invocation;
            }
        }
        invocation.fail(503, "The job's runners are being replaced; try again");
        return invocation;
    }

    /** Every runner of a job, including those of versions being drained. */
    public List<RunnerView> runners(UUID jobId) {
        List<RunnerView> views = new ArrayList<>();
        for (RunnerPool pool : poolsOf(jobId)) {
            for (Runner runner : pool.runners()) {
                views.add(RunnerView.of(runner));
            }
        }
        return views;
    }

    /** Every runner of every job, including those of versions being drained. */
    public List<RunnerView> allRunners() {
        List<RunnerView> views = new ArrayList<>();
        List<RunnerPool> all = new ArrayList<>(pools.values());
        all.addAll(drainingPools);
        for (RunnerPool pool : all) {
            for (Runner runner : pool.runners()) {
                views.add(RunnerView.of(runner));
            }
        }
        return views;
    }

    /**
     * Shuts a runner down: gracefully (it finishes what it handles) or, when {@code forceful}, at once.
     *
     * @throws NotFoundException when the job has no such runner
     */
    public void stopRunner(UUID jobId, UUID runnerId, boolean forceful) {
        Runner runner = services.registry().get(runnerId).orElse(null);
        if (runner == null || !runner.pool.version.jobId().equals(jobId)) {
            throw new NotFoundException("Runner " + runnerId + " of job " + jobId + " not found");
        }
        if (forceful) {
            runner.pool.kill(runner, "an operator removed it");
        } else {
            runner.pool.retire(runner);
        }
    }

    /** The port the manager socket listens on. */
    public int managerPort() {
        return server.port();
    }

    /** Ids of every runner this manager owns. */
    public Set<UUID> runnerIds() {
        return services.registry().ids();
    }

    private List<RunnerPool> poolsOf(UUID jobId) {
        List<RunnerPool> result = new ArrayList<>();
        RunnerPool active = pools.get(jobId);
        if (active != null) {
            result.add(active);
        }
        for (RunnerPool pool : drainingPools) {
            if (pool.version.jobId().equals(jobId)) {
                result.add(pool);
            }
        }
        return result;
    }

    /**
     * Every slot is held and {@code requester} has requests waiting: the least recently used idle runner of another
     * job is retired, and its slot, once given back, serves the waiting requests. Runs outside every pool's lock.
     */
    private void slotWanted(RunnerPool requester) {
        vertx.runOnContext(v -> {
            RunnerPool owner = null;
            Runner oldest = null;
            for (RunnerPool pool : pools.values()) {
                Runner idle = pool == requester ? null : pool.idleRunner();
                if (idle != null && (oldest == null || idle.lastActivity().isBefore(oldest.lastActivity()))) {
                    owner = pool;
                    oldest = idle;
                }
            }
            if (owner != null) {
                owner.yieldSlot(oldest);
            }
        });
    }

    private void poolClosed(RunnerPool pool) {
        drainingPools.remove(pool);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
