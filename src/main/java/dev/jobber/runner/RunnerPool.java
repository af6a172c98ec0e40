package dev.jobber.runner;

import dev.jobber.job.ActiveVersion;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import dev.jobber.runner.protocol.RunnerSessions;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runners of one job's active version, between {@code runnerMinCount} and {@code runnerMaxCount}, and the bounded
 * queue of events waiting for one of them. All state changes happen under this object's lock; how events reach
 * runners is its {@link DispatchPolicy}, its periodic duties are {@link PoolUpkeep}'s, and timers, containers and
 * output come from its {@link PoolContext}.
 */
final class RunnerPool {

    /**
     * Event bodies in memory up to this size travel in the event frame; larger ones are streamed in chunks of at most
     * this size through the event's {@link BodyChannel}.
     */
    static final int CHUNK = 1024 * 1024;
    /** How long a retiring runner may take to exit after its shutdown frame before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    final ActiveVersion version;
    final VersionMeters meters;
    final EventQueue queue;
    private final PoolContext context;
    private final DispatchPolicy policy;
    private final PoolUpkeep upkeep = new PoolUpkeep(this);
    private final List<Runner> runners = new ArrayList<>();
    private boolean draining;
    private int startFailures;
    private long nextStartNanos;

    RunnerPool(ActiveVersion version, PoolContext context, VersionMeters meters) {
        this.version = version;
        this.context = context;
        this.meters = meters;
        this.queue = new EventQueue(context, version.jobName());
        this.policy = DispatchPolicy.of(this);
    }

    RunnerCalls calls() {
        return context.calls();
    }

    RunnerOutput output() {
        return context.output();
    }

    synchronized List<Runner> runners() {
        return List.copyOf(runners);
    }

    /** Takes an event; returns false when this pool is draining and the caller must use the job's current pool. */
    synchronized boolean submit(Invocation invocation) {
        if (draining) {
            return false;
        }
        invocation.meters = meters;
        invocation.pool = this;
        policy.take(invocation);
        return true;
    }

    void enqueue(Invocation invocation) {
        if (queue.add(invocation, this::onQueueTimeout)) {
            scaleUp();
        }
    }

    private synchronized void onQueueTimeout(Invocation invocation) {
        if (queue.expire(invocation) && queue.isEmpty()) {
            context.slots().satisfied(this);
        }
    }

    /** In standard mode the most runners; {@code runnerMaxCount: 0} there means {@code max(runnerMinCount, 1)}. */
    private int maxRunners() {
        var action = version.action().settings();
        return action.runnerMaxCount() > 0 ? action.runnerMaxCount() : Math.max(1, action.runnerMinCount());
    }

    private int capacity() {
        return version.action().settings().runnerAsynchronous() ? context.config().concurrency() : 1;
    }

    /** The least busy ready runner with room for one more event; null if none. */
    Runner pick() {
        Runner best = null;
        int capacity = capacity();
        for (Runner runner : runners) {
            if (runner.state() == RunnerState.READY && runner.reserved == null && runner.inFlight.size() < capacity
                    && (best == null || runner.inFlight.size() < best.inFlight.size())) {
                best = runner;
            }
        }
        return best;
    }

    void dispatch(Runner runner, Invocation invocation) {
        if (invocation.isFinished()) {
            if (runner.reserved == invocation) {
                retire(runner);
            }
            return;
        }
        invocation.runner = runner;
        invocation.dispatched(runner);
        invocation.id = runner.nextEventId();
        runner.inFlight.put(invocation.id, invocation);
        runner.remember(invocation);
        runner.lastRequestAt = Instant.now();
        Event event = invocation.event;
        Buffer body = event.body();
        if (event.streamed() == null && body.length() <= CHUNK) {
            runner.send(new Frame.Event(invocation.id, event.source(), false, body));
        } else {
            runner.send(new Frame.Event(invocation.id, event.source(), true, Buffer.buffer()));
            invocation.openBody(runner, event.streamed() != null ? event.streamed() : new MemoryBody(body, CHUNK));
        }
        int timeout = version.action().settings().runnerTimeout();
        if (timeout > 0) {
            invocation.timeoutTimer = context.setTimer(timeout * 1000L, () -> onTimeout(runner, invocation));
        }
    }

    synchronized void onInvocationDone(Runner runner, Invocation invocation) {
        runner.inFlight.remove(invocation.id);
        stopTimeout(invocation);
        policy.afterEvent(runner);
        policy.serveQueue();
    }

    /**
     * Gives up on an event before its runner answered (its caller went away, or its streamed body grew too large):
     * a queued one leaves the queue; a running one is cancelled on its runner, which takes events again.
     */
    synchronized void abandon(Invocation invocation, int status, String message) {
        Runner runner = invocation.runner;
        if (queue.remove(invocation) || runner == null || runner.inFlight.remove(invocation.id) != invocation) {
            invocation.fail(status, message);
            return;
        }
        stopTimeout(invocation);
        invocation.fail(status, message);
        runner.send(new Frame.Cancel(invocation.id));
        policy.afterEvent(runner);
        policy.serveQueue();
    }

    private synchronized void onTimeout(Runner runner, Invocation invocation) {
        if (runner.inFlight.remove(invocation.id) == null) {
            return;
        }
        invocation.fail(504, "The function did not answer within " + version.action().settings().runnerTimeout() + " s");
        runner.send(new Frame.Cancel(invocation.id));
        context.report(runner, "Runner " + runner.id + " timed out on a request and is replaced", true);
        if (runner.inFlight.isEmpty()) {
            kill(runner, "it timed out");
        } else {
            retire(runner);
        }
        ensureMinimum();
        policy.serveQueue();
    }

    private void stopTimeout(Invocation invocation) {
        if (invocation.timeoutTimer >= 0) {
            context.cancelTimer(invocation.timeoutTimer);
        }
    }

    /**
     * A runner's connection logged in: it becomes the runner's, which is greeted with its job and environment; empty
     * when the runner is no longer starting or already has a connection.
     */
    Optional<RunnerSessions.Session> admit(Runner runner, RunnerLink link) {
        synchronized (this) {
            if (runner.state() != RunnerState.STARTING || runner.link != null) {
                return Optional.empty();
            }
            runner.link = link;
        }
        link.send(new Frame.Init(context.environment(version.jobId()), version.jobName(), version.version(),
                version.main(), Frames.RESPONSE_WINDOW));
        return Optional.of(runner);
    }

    synchronized void onReady(Runner runner) {
        if (runner.state() != RunnerState.STARTING) {
            return;
        }
        runner.moveTo(RunnerState.READY);
        startFailures = 0;
        context.report(runner, "Runner " + runner.id + " started in "
                + Duration.between(runner.createdAt, runner.readyAt).toMillis() + " ms", false);
        if (runner.reserved != null) {
            dispatch(runner, runner.reserved);
        } else if (draining) {
            retire(runner);
        } else {
            policy.serveQueue();
        }
    }

    /** A runner could not be created or did not become ready; {@code status} is what its waiting events get. */
    synchronized void onStartFailed(Runner runner, String reason, int status) {
        if (runner.state() == RunnerState.CLOSED) {
            return;
        }
        runner.moveTo(RunnerState.CLOSED);
        runners.remove(runner);
        context.retired(runner);
        startFailures++;
        nextStartNanos = System.nanoTime() + Duration.ofSeconds(Math.min(30, 1L << Math.min(startFailures - 1, 5)))
                .toNanos();
        context.report(runner, "Runner " + runner.id + " failed to start: " + reason, true);
        String message = "No runner of job " + version.jobName() + " could be started: " + reason;
        if (runner.reserved != null) {
            runner.reserved.fail(status, message);
        }
        if (live() == 0) {
            failQueue(status, message);
        }
    }

    synchronized void onDisconnected(Runner runner) {
        if (runner.state() == RunnerState.STARTING) {
            context.describeFailedStart(this, runner, "its connection closed before it was ready");
            return;
        }
        if (runner.state() == RunnerState.CLOSED) {
            return;
        }
        boolean expected = runner.state() == RunnerState.CLOSING && runner.inFlight.isEmpty();
        close(runner, "The runner stopped while handling the request");
        context.report(runner, "Runner " + runner.id + (expected ? " stopped" : " stopped unexpectedly"), !expected);
        ensureMinimum();
        policy.serveQueue();
    }

    /** Retires a runner gracefully: no new events; once idle it is told to shut down. */
    synchronized void retire(Runner runner) {
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
    synchronized void kill(Runner runner, String reason) {
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
            synchronized (this) {
                if (runner.state() != RunnerState.CLOSED) {
                    kill(runner, "it did not exit within " + STOP_GRACE.toSeconds() + " s of its shutdown");
                }
            }
        });
    }

    private void close(Runner runner, String failure) {
        runner.moveTo(RunnerState.CLOSED);
        runners.remove(runner);
        context.retired(runner);
        for (Invocation invocation : runner.inFlight.values()) {
            stopTimeout(invocation);
            invocation.fail(502, failure);
        }
        runner.inFlight.clear();
        if (runner.reserved != null) {
            runner.reserved.fail(502, failure);
        }
    }

    void serveQueue() {
        policy.serveQueue();
    }

    private void failQueue(int status, String message) {
        context.slots().satisfied(this);
        queue.failAll(status, message);
    }

    /** Starts runners for the queued events, up to the most runners. */
    void scaleUp() {
        if (draining || !policy.keepsWarm()) {
            return;
        }
        int starting = count(RunnerState.STARTING);
        int live = live();
        int needed = (queue.size() + capacity() - 1) / capacity();
        while (starting < needed && live < maxRunners() && startAllowed() && startRunner(null)) {
            starting++;
            live++;
        }
    }

    void ensureMinimum() {
        if (draining || !policy.keepsWarm()) {
            return;
        }
        int live = live();
        while (live < version.action().settings().runnerMinCount() && startAllowed() && startRunner(null)) {
            live++;
        }
    }

    boolean startAllowed() {
        return startFailures == 0 || System.nanoTime() - nextStartNanos >= 0;
    }

    /**
     * Starts a runner unless the instance already runs {@code RUNNER_MAX_TOTAL}; false then, and when requests wait
     * for it, an idle runner of another job is asked to give its slot up.
     */
    boolean startRunner(Invocation reserved) {
        boolean forRequests = reserved != null || !queue.isEmpty();
        if (!context.slots().tryAcquire(this, forRequests)) {
            if (forRequests) {
                context.slots().want(this);
                context.slotWanted(this);
            }
            return false;
        }
        context.slots().satisfied(this);
        Runner runner = new Runner(this, reserved);
        runners.add(runner);
        context.setTimer(context.config().startTimeout().toMillis(), () -> {
            synchronized (this) {
                if (runner.state() == RunnerState.STARTING) {
                    context.describeFailedStart(this, runner, "it did not become ready within "
                            + context.config().startTimeout().toSeconds() + " s");
                }
            }
        });
        context.launch(this, runner);
        return true;
    }

    /** The least recently used ready runner with nothing to do, which could give its slot up; null if none. */
    synchronized Runner idleRunner() {
        Runner oldest = null;
        for (Runner runner : runners) {
            if (isIdle(runner) && (oldest == null || runner.lastActivity().isBefore(oldest.lastActivity()))) {
                oldest = runner;
            }
        }
        return oldest;
    }

    /** Retires {@code runner} if it is still idle, so that its slot serves a job whose requests wait. */
    synchronized void yieldSlot(Runner runner) {
        if (runners.contains(runner) && isIdle(runner)) {
            retire(runner);
        }
    }

    private static boolean isIdle(Runner runner) {
        return runner.state() == RunnerState.READY && runner.reserved == null && runner.inFlight.isEmpty();
    }

    /** A slot was given back: requests waiting here may get a runner now. */
    synchronized void slotFreed() {
        policy.serveQueue();
    }

    /** Periodic duties (see {@link PoolUpkeep}). */
    synchronized void maintain() {
        if (queue.isEmpty()) {
            context.slots().satisfied(this);
        }
        upkeep.run(List.copyOf(runners), draining);
    }

    void closeIfEmpty() {
        if (runners.isEmpty()) {
            context.poolClosed(this);
        }
    }

    void report(Runner runner, String text) {
        context.report(runner, text, false);
    }

    /** Stops taking events and retires every runner; returns the events still queued, for the job's next pool. */
    synchronized List<Invocation> drain() {
        draining = true;
        context.slots().satisfied(this);
        List<Invocation> waiting = queue.takeAll();
        for (Runner runner : List.copyOf(runners)) {
            if (runner.reserved == null) {
                retire(runner);
            }
        }
        return waiting;
    }

    /** Kills every runner now (Jobber is stopping). */
    synchronized void killAll() {
        draining = true;
        failQueue(503, "Jobber is shutting down");
        for (Runner runner : List.copyOf(runners)) {
            kill(runner, "Jobber is shutting down");
        }
    }

    int live() {
        return count(RunnerState.STARTING) + count(RunnerState.READY);
    }

    int count(RunnerState state) {
        int count = 0;
        for (Runner runner : runners) {
            if (runner.state() == state) {
                count++;
            }
        }
        return count;
    }
}
