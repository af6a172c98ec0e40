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
import dev.jobber.runner.container.ContainerSpecs;
import dev.jobber.runner.container.RunnerContainers;
import dev.jobber.runner.protocol.ManagerServer;
import dev.jobber.runner.protocol.RunnerRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
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
    private final RunnerConfig config;
    private final RunnerCalls calls;
    private final RunnerOutput output;
    private final RunnerSlots slots;
    private final JobberMetrics metrics;
    private final RunnerEnvironment environment;
    private final JobberConfig jobber;
    private final ManagerConfig managerConfig;
    private final ActiveVersions activeVersions;
    private final JobCode code;
    private final RunnerContainers containers;
    private final ContainerSpecs specs;
    private final Map<UUID, RunnerPool> pools = new ConcurrentHashMap<>();
    private final Set<RunnerPool> drainingPools = ConcurrentHashMap.newKeySet();
    private final RunnerRegistry<Runner> registry = new RunnerRegistry<>();
    private ManagerServer server;
    private String managerHost;

    public RunnerManager(Vertx vertx, RunnerConfig config, JobberConfig jobber, ManagerConfig managerConfig,
            ActiveVersions activeVersions, ContainerRuntime runtime, ArchiveStore archives, RunnerCalls calls,
            RunnerOutput output, RunnerEnvironment environment, JobberMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.calls = calls;
        this.output = output;
        this.environment = environment;
        this.config = config;
        this.slots = new RunnerSlots(config.runnerMaxTotal());
        this.jobber = jobber;
        this.managerConfig = managerConfig;
        this.activeVersions = activeVersions;
        this.containers = new RunnerContainers(runtime);
        this.specs = new ContainerSpecs(config, jobber.name(), JobCode.RUNNER_USER,
                List.of(JobCode.JOB_DIR, JobCode.RUN_DIR));
        this.code = new JobCode(archives, jobber.dataDir().resolve("cache").resolve("code").toAbsolutePath());
    }

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        managerHost = managerConfig.host().orElseGet(RunnerManager::hostName);
        server = new ManagerServer(vertx, registry);
        server.start(managerConfig, managerConfig.bindHost());
        reconcileAll();
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        List<RunnerPool> all = new ArrayList<>(pools.values());
        all.addAll(drainingPools);
        pools.clear();
        all.forEach(RunnerPool::killAll);
        containers.shutdown(20);
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
        RunnerPool next = wanted.map(v -> new RunnerPool(v, poolContext, metrics.activate(v))).orElse(null);
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
        Runner runner = registry.get(runnerId).orElse(null);
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
        return registry.ids();
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

    /** What pools use of the manager. */
    private final PoolContext poolContext = new PoolContext() {
        @Override
        public RunnerConfig config() {
            return config;
        }

        @Override
        public RunnerSlots slots() {
            return slots;
        }

        @Override
        public RunnerOutput output() {
            return output;
        }

        @Override
        public RunnerCalls calls() {
            return calls;
        }

        @Override
        public long setTimer(long delayMs, Runnable action) {
            return vertx.setTimer(delayMs, id -> action.run());
        }

        @Override
        public void cancelTimer(long id) {
            vertx.cancelTimer(id);
        }

        @Override
        public Map<String, String> environment(UUID jobId) {
            return environment.of(jobId);
        }

        @Override
        public void report(Runner runner, String text, boolean error) {
            if (error) {
                output.systemError(runner, text);
            } else {
                output.system(runner, text);
            }
        }

        @Override
        public void stopHolding(Runner runner) {
            output.stopHolding(runner);
        }

        @Override
        public void launch(RunnerPool pool, Runner runner) {
            registry.add(runner.id, runner);
            createContainer(pool, runner);
        }

        @Override
        public void describeFailedStart(RunnerPool pool, Runner runner, String what) {
            RunnerManager.this.describeFailedStart(pool, runner, what);
        }

        @Override
        public void retired(Runner runner) {
            forget(runner);
            removeContainer(runner);
        }

        @Override
        public void slotWanted(RunnerPool pool) {
            RunnerManager.this.slotWanted(pool);
        }

        @Override
        public void poolClosed(RunnerPool pool) {
            RunnerManager.this.poolClosed(pool);
        }
    };


    /** Called once a runner is closed or failed to start; gives back its slot. */
    private void forget(Runner runner) {
        if (registry.remove(runner.id)) {
            slots.release();
            Set<RunnerPool> waiting = slots.wanting();
            if (!waiting.isEmpty()) {
                vertx.runOnContext(v -> waiting.forEach(RunnerPool::slotFreed));
            }
        }
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

    /** Creates, fills and starts the runner's container in the background. */
    private void createContainer(RunnerPool pool, Runner runner) {
        ActiveVersion version = pool.version;
        JsonObject credentials = new JsonObject().put("runnerId", runner.id.toString())
                .put("secret", runner.secret).put("managerHost", managerHost).put("managerPort", server.port());
        containers.launch(specs.of(version, runner.id), List.of(
                new RunnerContainers.Input(JobCode.JOB_DIR, () -> Files.newInputStream(code.tar(version.archiveSha256()))),
                new RunnerContainers.Input(JobCode.RUN_DIR,
                        () -> new ByteArrayInputStream(JobCode.credentials(credentials.encode())))),
                new RunnerContainers.Launch() {
                    @Override
                    public boolean created(String containerId) {
                        runner.containerId = containerId;
                        return runner.state() != RunnerState.CLOSED;
                    }

                    @Override
                    public void failed(String reason, boolean engine) {
                        pool.onStartFailed(runner, reason, engine ? 503 : 502);
                    }
                });
    }

    /** Finds out why a runner failed to start (exit code, out of memory, last output), then fails it. */
    private void describeFailedStart(RunnerPool pool, Runner runner, String what) {
        containers.describeFailure(runner.containerId, what, reason -> pool.onStartFailed(runner, reason, 502));
    }

    private void removeContainer(Runner runner) {
        containers.remove(runner.containerId, "runner " + runner.id);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
