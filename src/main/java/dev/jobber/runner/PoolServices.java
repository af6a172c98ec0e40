package dev.jobber.runner;

import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.archive.ArchiveStore;
import dev.jobber.runner.container.ContainerRuntime;
import dev.jobber.runner.container.ContainerSpecs;
import dev.jobber.runner.container.RunnerContainers;
import dev.jobber.runner.protocol.RunnerRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The {@link PoolContext} of the manager's pools: Vert.x timers, the instance's runner slots, the runner registry the
 * manager socket logs runners in with, and their containers (spec, job code, credentials).
 */
final class PoolServices implements PoolContext {

    private final Vertx vertx;
    private final RunnerConfig config;
    private final RunnerSlots slots;
    private final RunnerOutput output;
    private final RunnerCalls calls;
    private final RunnerEnvironment environment;
    private final RunnerContainers containers;
    private final ContainerSpecs specs;
    private final JobCode code;
    private final RunnerRegistry<Runner> registry = new RunnerRegistry<>();
    private final Consumer<RunnerPool> slotWanted;
    private final Consumer<RunnerPool> poolClosed;
    private final String engineAddress;
    private volatile ManagerRoute managerRoute;

    PoolServices(Vertx vertx, RunnerConfig config, JobberConfig jobber, RunnerOutput output, RunnerCalls calls,
            RunnerEnvironment environment, ContainerRuntime runtime, ArchiveStore archives,
            Consumer<RunnerPool> slotWanted, Consumer<RunnerPool> poolClosed) {
        this.vertx = vertx;
        this.config = config;
        this.slots = new RunnerSlots(config.runnerMaxTotal());
        this.output = output;
        this.calls = calls;
        this.environment = environment;
        this.containers = new RunnerContainers(runtime);
        this.engineAddress = runtime.address();
        this.specs = new ContainerSpecs(config, jobber.name(), JobCode.RUNNER_USER,
                List.of(JobCode.JOB_DIR, JobCode.RUN_DIR));
        this.code = new JobCode(archives, jobber.dataDir().resolve("cache").resolve("code").toAbsolutePath());
        this.slotWanted = slotWanted;
        this.poolClosed = poolClosed;
    }

    /**
     * The manager listens: new runners reach it as its endpoint in the registry, the engine and their network say
     * ({@link ManagerRoute#choose}); the endpoint knows the port and {@code MANAGER_HOST} already.
     */
    void managerAt(String host, int port) {
        this.managerRoute = ManagerRoute.choose(registry.endpoint().orElseThrow(), engineAddress,
                config.containerDockerNetwork());
    }

    RunnerRegistry<Runner> registry() {
        return registry;
    }

    void shutdown() throws InterruptedException {
        containers.shutdown(20);
    }

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
    public Map<String, String> environment(UUID jobId) {
        return environment.of(jobId);
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

    /** Registers the runner for login, then creates, fills and starts its container in the background. */
    @Override
    public void launch(RunnerPool pool, Runner runner) {
        registry.add(runner.id, runner);
        ActiveVersion version = pool.version;
        JsonObject credentials = new JsonObject().put("runnerId", runner.id.toString()).put("secret", runner.secret);
        ManagerRoute route = managerRoute;
        route.credentials().forEach(credentials::put);
        containers.launch(specs.of(version, runner.id, route.binds(), route.extraHosts()), List.of(
                new RunnerContainers.Input(JobCode.JOB_DIR,
                        () -> Files.newInputStream(code.tar(version.archiveSha256()))),
                new RunnerContainers.Input(JobCode.RUN_DIR,
                        () -> new ByteArrayInputStream(JobCode.credentials(credentials.encode())))),
                new RunnerContainers.Launch() {
                    @Override
                    public boolean created(String containerId) {
                        runner.containerId = containerId;
                        pool.onContainerCreated(runner);
                        return runner.state() != RunnerState.CLOSED;
                    }

                    @Override
                    public void failed(String reason, boolean engine) {
                        pool.onStartFailed(runner, reason, engine ? 503 : 502);
                    }
                });
    }

    @Override
    public void describeFailedStart(RunnerPool pool, Runner runner, String what) {
        containers.describeFailure(runner.containerId, what, reason -> pool.onStartFailed(runner, reason, 502));
    }

    /** The runner can no longer log in; its slot is given back (to a pool that waits for one) and its container goes. */
    @Override
    public void retired(Runner runner) {
        if (registry.remove(runner.id)) {
            slots.release();
            Set<RunnerPool> waiting = slots.wanting();
            if (!waiting.isEmpty()) {
                vertx.runOnContext(v -> waiting.forEach(RunnerPool::slotFreed));
            }
        }
        containers.remove(runner.containerId, "runner " + runner.id);
    }

    @Override
    public void slotWanted(RunnerPool pool) {
        slotWanted.accept(pool);
    }

    @Override
    public void poolClosed(RunnerPool pool) {
        poolClosed.accept(pool);
    }
}
