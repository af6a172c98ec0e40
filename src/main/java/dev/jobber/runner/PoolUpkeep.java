package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pool's periodic duties, each a small named task run under the pool's lock: reap runners past their hard age or
 * silent, ping the others, retire aged or idle ones, keep the minimum, and close a drained pool.
 */
final class PoolUpkeep {

    /** An idle runner above the minimum is retired after this long. */
    static final Duration SCALE_DOWN_IDLE = Duration.ofSeconds(30);
    /** A runner that answered no ping for this long is considered dead. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(15);

    private final RunnerPool pool;

    PoolUpkeep(RunnerPool pool) {
        this.pool = pool;
    }

    /** Runs every duty once; called with the pool's lock held. */
    void run(List<Runner> runners, boolean draining) {
        Instant now = Instant.now();
        for (Runner runner : runners) {
            if (runner.state() == RunnerState.STARTING || reaped(runner, now)) {
                continue;
            }
            runner.send(new Frame.Ping());
            retireAgedOrIdle(runner, now);
        }
        if (draining) {
            pool.closeIfEmpty();
        } else {
            pool.ensureMinimum();
            pool.serveQueue();
        }
    }

    /** Kills a runner past {@code runnerMaxAgeHard} or silent for {@link #PING_TIMEOUT}; true when it did. */
    private boolean reaped(Runner runner, Instant now) {
        var action = pool.version.action().settings();
        if (action.runnerMaxAgeHard() > 0 && age(runner, now) >= action.runnerMaxAgeHard()) {
            pool.retirement.kill(runner, "it reached runnerMaxAgeHard (" + action.runnerMaxAgeHard() + " s)");
            return true;
        }
        var link = runner.link;
        if (link != null && link.held()) {
            // Its output waits for room in the log buffer: Jobber is not listening, the runner is not silent.
            runner.lastSeenNanos = System.nanoTime();
        }
        if (System.nanoTime() - runner.lastSeenNanos > PING_TIMEOUT.toNanos()) {
            pool.retirement.kill(runner, "it answered no ping for " + PING_TIMEOUT.toSeconds() + " s");
            return true;
        }
        return false;
    }

    /** Retires a ready runner past {@code runnerMaxAge}, or idle past {@code runnerMaxIdleAge} or above the minimum. */
    private void retireAgedOrIdle(Runner runner, Instant now) {
        if (runner.state() != RunnerState.READY) {
            return;
        }
        var action = pool.version.action().settings();
        boolean aged = action.runnerMaxAge() > 0 && age(runner, now) >= action.runnerMaxAge();
        if (!runner.inFlight.isEmpty()) {
            if (aged) {
                pool.retirement.retire(runner);
            }
            return;
        }
        long idle = Duration.between(runner.lastActivity(), now).toSeconds();
        if (aged) {
            pool.report(runner, "Runner " + runner.id + " reached runnerMaxAge and is replaced");
            pool.retirement.retire(runner);
        } else if (action.runnerMaxIdleAge() > 0 && idle >= action.runnerMaxIdleAge()) {
            pool.retirement.retire(runner);
        } else if (pool.count(RunnerState.READY) > action.runnerMinCount() && idle >= SCALE_DOWN_IDLE.toSeconds()) {
            pool.retirement.retire(runner);
        }
    }

    private static long age(Runner runner, Instant now) {
        return Duration.between(runner.createdAt, now).toSeconds();
    }
}
