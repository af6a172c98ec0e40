package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
import java.time.Duration;
import java.util.List;

/**
 * How a pool's runners end: retired gracefully (no new events, told to shut down once idle), stopped with a grace
 * period, or killed at once; a closed runner leaves the pool and its unfinished events fail. Called with the pool's
 * lock held.
 */
final class RunnerRetirement {

    /** How long a retiring runner may take to exit after its shutdown frame before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final RunnerPool pool;
    private final PoolContext context;
    private final List<Runner> runners;

    RunnerRetirement(RunnerPool pool, PoolContext context, List<Runner> runners) {
        this.pool = pool;
        this.context = context;
        this.runners = runners;
    }

    /** Retires a runner gracefully: no new events; once idle it is told to shut down. */
    void retire(Runner runner) {
        switch (runner.state()) {
            case STARTING -> kill(runner, "it was retired while starting");
            case READY -> {
                runner.moveTo(RunnerState.CLOSING);
                if (runner.inFlight.isEmpty()) {
                    stop(runner);
                }
            }
            case CLOSING, CLOSED -> {
            }
        }
    }

    /** Kills a runner at once; its events fail with 502. */
    void kill(Runner runner, String reason) {
        if (runner.state() == RunnerState.CLOSED) {
            return;
        }
        close(runner, "The runner was stopped (" + reason + ") while handling the request");
        context.report(runner, "Runner " + runner.id + " was killed: " + reason, true);
        context.stopHolding(runner);
    }

    /** Asks an idle, retiring runner to exit; kills it when it does not within {@link #STOP_GRACE}. */
    void stop(Runner runner) {
        runner.send(new Frame.Shutdown());
        context.setTimer(STOP_GRACE.toMillis(), () -> {
            synchronized (pool) {
                if (runner.state() != RunnerState.CLOSED) {
                    kill(runner, "it did not exit within " + STOP_GRACE.toSeconds() + " s of its shutdown");
                }
            }
        });
    }

    /** Closes a runner that stopped or could not start: it leaves the pool and gives its slot and container up. */
    void remove(Runner runner) {
        runner.moveTo(RunnerState.CLOSED);
        runners.remove(runner);
        context.retired(runner);
    }

    /** Closes a runner and fails every event it still held with {@code failure} (502). */
    void close(Runner runner, String failure) {
        remove(runner);
        for (Invocation invocation : runner.inFlight.values()) {
            pool.delivery.stopTimeout(invocation);
            invocation.fail(502, failure);
        }
        runner.inFlight.clear();
        if (runner.reserved != null) {
            runner.reserved.fail(502, failure);
        }
    }
}
