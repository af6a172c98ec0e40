package dev.jobber.runner;

import dev.jobber.config.RunnerConfig;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@link RunnerPool} needs from the runner core around it: configuration, the instance's runner slots, timers,
 * containers and output. The manager provides it; pool tests provide a fake, with no engine and no clock.
 */
interface PoolContext {

    RunnerConfig config();

    RunnerSlots slots();

    /** Where runners' log frames go. */
    RunnerOutput output();

    /** What answers runners' calls (store, publish). */
    RunnerCalls calls();

    /** The job's environment variables, as a new runner receives them. */
    Map<String, String> environment(UUID jobId);

    /** Runs {@code action} once, after {@code delayMs}; returns an id for {@link #cancelTimer}. */
    long setTimer(long delayMs, Runnable action);

    void cancelTimer(long id);

    /** A system line in the runner's job log; {@code error} for failures. */
    void report(Runner runner, String text, boolean error);

    /** The runner is being killed: its output is no longer held back. */
    void stopHolding(Runner runner);

    /**
     * Lets the runner log in and creates, fills and starts its container; tells the pool once the container exists
     * ({@link RunnerPool#onContainerCreated}); failures reach the pool.
     */
    void launch(RunnerPool pool, Runner runner);

    /** Finds out why a runner failed to start, then reports it to {@link RunnerPool#onStartFailed}. */
    void describeFailedStart(RunnerPool pool, Runner runner, String what);

    /** The runner is closed or never started: it can no longer log in, its slot is free, its container goes. */
    void retired(Runner runner);

    /** Every slot is held and the pool has requests waiting: an idle runner of another job may give its slot up. */
    void slotWanted(RunnerPool pool);

    /** A drained pool has no runner left. */
    void poolClosed(RunnerPool pool);
}
