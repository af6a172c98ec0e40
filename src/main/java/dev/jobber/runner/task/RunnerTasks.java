package dev.jobber.runner.task;

import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.container.ContainerRuntime;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the manager's periodic duties, each as a small task that logs its own failure and runs again next time; a task
 * still running when its next turn comes is not started twice.
 */
@ApplicationScoped
public class RunnerTasks {

    private static final Logger LOG = Logger.getLogger(RunnerTasks.class);
    static final long ORPHAN_INTERVAL_MS = 30_000;

    private final Vertx vertx;
    private final RunnerManager manager;
    private final ContainerRuntime runtime;
    private final RunnerConfig config;
    private final JobberConfig jobber;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Long> timers = new ArrayList<>();

    public RunnerTasks(Vertx vertx, RunnerManager manager, ContainerRuntime runtime, RunnerConfig config,
            JobberConfig jobber) {
        this.vertx = vertx;
        this.manager = manager;
        this.runtime = runtime;
        this.config = config;
        this.jobber = jobber;
    }

    void start(@Observes @Priority(5) StartupEvent event) {
        RemoveOrphanContainersTask orphans = new RemoveOrphanContainersTask(runtime, manager, jobber.name());
        guarded("remove orphan containers", orphans).run();
        schedule("maintain runner pools", config.maintenanceInterval().toMillis(), manager::maintainPools);
        schedule("remove orphan containers", ORPHAN_INTERVAL_MS, orphans);
    }

    void stop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
        executor.shutdownNow();
    }

    private void schedule(String name, long intervalMs, Runnable task) {
        Runnable guarded = guarded(name, task);
        AtomicBoolean running = new AtomicBoolean();
        timers.add(vertx.setPeriodic(intervalMs, id -> {
            if (running.compareAndSet(false, true)) {
                executor.execute(() -> {
                    try {
                        guarded.run();
                    } finally {
                        running.set(false);
                    }
                });
            }
        }));
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("Task \"%s\" failed: %s", name, e.getMessage());
            }
        };
    }
}
