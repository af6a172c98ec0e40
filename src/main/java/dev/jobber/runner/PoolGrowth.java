package dev.jobber.runner;

import java.time.Duration;
import java.util.List;

/**
 * How a pool starts runners: for its queue up to the most runners, up to its minimum, or one reserved for an event;
 * within the instance's runner slots, and backing off after failed starts (1 s doubling to 30 s). Called with the
 * pool's lock held.
 */
final class PoolGrowth {

    /** The longest back-off between failed starts. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RunnerPool pool;
    private final PoolContext context;
    private final List<Runner> runners;
    private int startFailures;
    private long nextStartNanos;

    PoolGrowth(RunnerPool pool, PoolContext context, List<Runner> runners) {
        this.pool = pool;
        this.context = context;
        this.runners = runners;
    }

    /** In standard mode the most runners; {@code runnerMaxCount: 0} there means {@code max(runnerMinCount, 1)}. */
    private int maxRunners() {
        var action = pool.version.action().settings();
        return action.runnerMaxCount() > 0 ? action.runnerMaxCount() : Math.max(1, action.runnerMinCount());
    }

    /** Starts runners for the queued events, up to the most runners. */
    void scaleUp() {
        if (!pool.keepsWarm()) {
            return;
        }
        int starting = pool.count(RunnerState.STARTING);
        int live = pool.live();
        int capacity = pool.capacity();
        int needed = (pool.queue.size() + capacity - 1) / capacity;
        while (starting < needed && live < maxRunners() && allowed() && start(null)) {
            starting++;
            live++;
        }
    }

    /** Starts runners up to {@code runnerMinCount}. */
    void ensureMinimum() {
        if (!pool.keepsWarm()) {
            return;
        }
        int live = pool.live();
        while (live < pool.version.action().settings().runnerMinCount() && allowed() && start(null)) {
            live++;
        }
    }

    /** Whether a start may be tried now: no failure since the last ready runner, or its back-off has passed. */
    boolean allowed() {
        return startFailures == 0 || System.nanoTime() - nextStartNanos >= 0;
    }

    /** A runner became ready: starts are no longer held back. */
    void succeeded() {
        startFailures = 0;
    }

    /** A runner failed to start: the next start waits a back-off that doubles with each failure in a row. */
    void failed() {
        startFailures++;
        long backoffSeconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(startFailures - 1, 5));
        nextStartNanos = System.nanoTime() + Duration.ofSeconds(backoffSeconds).toNanos();
    }

    /**
     * The runner's container exists (its image was there or has been provided): it now has {@code RUNNER_START_TIMEOUT}
     * to become ready. Counting from here, not from the start, leaves a first image build out of that time.
     */
    void containerCreated(Runner runner) {
        Duration startTimeout = context.config().startTimeout();
        context.setTimer(startTimeout.toMillis(), () -> {
            synchronized (pool) {
                if (runner.state() == RunnerState.STARTING) {
                    context.describeFailedStart(pool, runner,
                            "it did not become ready within " + startTimeout.toSeconds() + " s");
                }
            }
        });
    }

    /**
     * Starts a runner unless the instance already runs {@code RUNNER_MAX_TOTAL}; false then, and when requests wait
     * for it, an idle runner of another job is asked to give its slot up.
     */
    boolean start(Invocation reserved) {
        boolean forRequests = reserved != null || !pool.queue.isEmpty();
        if (!context.slots().tryAcquire(pool, forRequests)) {
            if (forRequests) {
                context.slots().want(pool);
                context.slotWanted(pool);
            }
            return false;
        }
        context.slots().satisfied(pool);
        Runner runner = new Runner(pool, reserved);
        runners.add(runner);
        context.launch(pool, runner);
        return true;
    }
}
