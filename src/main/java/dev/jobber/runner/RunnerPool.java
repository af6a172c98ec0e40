package dev.jobber.runner;

import dev.jobber.job.ActiveVersion;
import dev.jobber.metrics.VersionMeters;
import io.vertx.core.buffer.Buffer;
import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import dev.jobber.runner.protocol.RunnerSessions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runners of one job's active version, between {@code runnerMinCount} and {@code runnerMaxCount}, and the bounded
 * queue of events waiting for one of them. All state changes happen under this object's lock; timers, containers and
 * output come from its {@link PoolContext}.
 */
final class RunnerPool {

    /** Event bodies up to this size travel in one frame; larger ones are streamed in chunks of this size. */
    static final int CHUNK = 1024 * 1024;
    /** An idle runner above the minimum is retired after this long. */
    static final Duration SCALE_DOWN_IDLE = Duration.ofSeconds(30);
    /** A runner that answered no ping for this long is considered dead. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(15);
    /** How long a retiring runner may take to exit after its shutdown frame before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    final ActiveVersion version;
    final VersionMeters meters;
    private final PoolContext context;
    private final List<Runner> runners = new ArrayList<>();
    private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
    private boolean draining;
    private int startFailures;
    private long nextStartNanos;

    RunnerPool(ActiveVersion version, PoolContext context, VersionMeters meters) {
        this.version = version;
        this.context = context;
        this.meters = meters;
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
        if (version.action().runOnce()) {
            int max = version.action().runnerMaxCount();
            if (!((max == 0 || live() < max) && startAllowed() && startRunner(invocation))) {
                enqueue(invocation);
            }
            return true;
        }
        Runner runner = pick();
        if (runner != null) {
            dispatch(runner, invocation);
        } else {
            enqueue(invocation);
        }
        return true;
    }

    private void enqueue(Invocation invocation) {
        if (queue.size() >= context.config().queueSize()) {
            invocation.fail(503, "Job " + version.jobName() + " is saturated: " + queue.size()
                    + " requests are already waiting for a runner");
            return;
        }
        queue.add(invocation);
        invocation.queueTimer = context.setTimer(context.config().queueWait().toMillis(),
                () -> onQueueTimeout(invocation));
        scaleUp();
    }

    private synchronized void onQueueTimeout(Invocation invocation) {
        if (queue.remove(invocation)) {
            if (queue.isEmpty()) {
                context.slots().satisfied(this);
            }
            invocation.fail(503, "No runner of job " + version.jobName() + " became free within "
                    + context.config().queueWait().toSeconds() + " s");
        }
    }

    /** In standard mode the most runners; {@code runnerMaxCount: 0} there means {@code max(runnerMinCount, 1)}. */
    private int maxRunners() {
        var action = version.action();
        return action.runnerMaxCount() > 0 ? action.runnerMaxCount() : Math.max(1, action.runnerMinCount());
    }

    private int capacity() {
        return version.action().runnerAsynchronous() ? context.config().concurrency() : 1;
    }

    private Runner pick() {
        Runner best = null;
        int capacity = capacity();
        for (Runner runner : runners) {
            if (runner.state() == RunnerState.READY && !runner.recycle && runner.reserved == null
                    && runner.inFlight.size() < capacity
                    && (best == null || runner.inFlight.size() < best.inFlight.size())) {
                best = runner;
            }
        }
        return best;
    }

    private void dispatch(Runner runner, Invocation invocation) {
        if (invocation.queueTimer >= 0) {
            context.cancelTimer(invocation.queueTimer);
            invocation.queueTimer = -1;
        }
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
        JsonObject header = invocation.event.header().copy().put("t", "event").put("id", invocation.id);
        Buffer body = invocation.event.body();
        if (invocation.event.streamed() != null) {
            runner.send(header.put("stream", true));
            invocation.openBody(runner);
        } else if (body.length() <= CHUNK) {
            runner.send(header.put("stream", false), body);
        } else {
            runner.send(header.put("stream", true));
            for (int at = 0; at < body.length(); at += CHUNK) {
                runner.send(new JsonObject().put("t", "chunk").put("id", invocation.id),
                        body.getBuffer(at, Math.min(body.length(), at + CHUNK)));
            }
            runner.send(new JsonObject().put("t", "end").put("id", invocation.id));
        }
        int timeout = version.action().runnerTimeout();
        if (timeout > 0) {
            invocation.timeoutTimer = context.setTimer(timeout * 1000L, () -> onTimeout(runner, invocation));
        }
    }

    synchronized void onInvocationDone(Runner runner, Invocation invocation) {
        runner.inFlight.remove(invocation.id);
        if (invocation.timeoutTimer >= 0) {
            context.cancelTimer(invocation.timeoutTimer);
        }
        if (runner.reserved != null || runner.recycle) {
            retire(runner);
        } else if (runner.state() == RunnerState.CLOSING && runner.inFlight.isEmpty()) {
            stop(runner);
        }
        drainQueue();
    }

    /**
     * Gives up on an event before its runner answered (its caller went away, or its streamed body grew too large):
     * a queued one leaves the queue; a running one is cancelled on its runner, which takes events again.
     */
    synchronized void abandon(Invocation invocation, int status, String message) {
        if (queue.remove(invocation)) {
            context.cancelTimer(invocation.queueTimer);
            invocation.fail(status, message);
            return;
        }
        Runner runner = invocation.runner;
        if (runner == null || runner.inFlight.remove(invocation.id) != invocation) {
            invocation.fail(status, message);
            return;
        }
        if (invocation.timeoutTimer >= 0) {
            context.cancelTimer(invocation.timeoutTimer);
        }
        invocation.fail(status, message);
        runner.send(new JsonObject().put("t", "cancel").put("id", invocation.id));
        if (runner.reserved != null || runner.recycle) {
            retire(runner);
        } else if (runner.state() == RunnerState.CLOSING && runner.inFlight.isEmpty()) {
            stop(runner);
        }
        drainQueue();
    }

    private synchronized void onTimeout(Runner runner, Invocation invocation) {
        if (runner.inFlight.remove(invocation.id) == null) {
            return;
        }
        invocation.fail(504, "The function did not answer within " + version.action().runnerTimeout() + " s");
        runner.send(new JsonObject().put("t", "cancel").put("id", invocation.id));
        context.report(runner, "Runner " + runner.id + " timed out on a request and is replaced", true);
        runner.recycle = true;
        if (runner.inFlight.isEmpty()) {
            kill(runner, "it timed out");
        } else {
            retire(runner);
        }
        ensureMinimum();
        drainQueue();
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
        JsonObject env = new JsonObject();
        context.environment(version.jobId()).forEach(env::put);
        link.send(new JsonObject().put("t", "init").put("env", env)
                .put("job", new JsonObject().put("name", version.jobName()).put("version", version.version())
                        .put("main", version.main()))
                .put("window", Frames.RESPONSE_WINDOW));
        return Optional.of(runner);
    }

    synchronized void onReady(Runner runner) {
        if (!runner.moveTo(RunnerState.READY)) {
            return;
        }
        startFailures = 0;
        context.report(runner, "Runner " + runner.id + " started in "
                + Duration.between(runner.createdAt, runner.readyAt).toMillis() + " ms", false);
        if (runner.reserved != null) {
            dispatch(runner, runner.reserved);
        } else if (draining) {
            retire(runner);
        } else {
            drainQueue();
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
        if (expected) {
            context.report(runner, "Runner " + runner.id + " stopped", false);
        } else {
            context.report(runner, "Runner " + runner.id + " stopped unexpectedly", true);
        }
        ensureMinimum();
        drainQueue();
    }

    /** Retires a runner gracefully: no new events; once idle it is told to shut down. */
    synchronized void retire(Runner runner) {
        if (runner.state() == RunnerState.STARTING) {
            kill(runner, "it was retired while starting");
            return;
        }
        runner.moveTo(RunnerState.CLOSING);
        if (runner.inFlight.isEmpty()) {
            stop(runner);
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

    private void stop(Runner runner) {
        runner.send(new JsonObject().put("t", "shutdown"));
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
            if (invocation.timeoutTimer >= 0) {
                context.cancelTimer(invocation.timeoutTimer);
            }
            invocation.fail(502, failure);
        }
        runner.inFlight.clear();
        if (runner.reserved != null) {
            runner.reserved.fail(502, failure);
        }
    }

    private void drainQueue() {
        while (!queue.isEmpty()) {
            if (version.action().runOnce()) {
                int max = version.action().runnerMaxCount();
                if ((max != 0 && live() >= max) || !startAllowed() || !startRunner(queue.peek())) {
                    return;
                }
                Invocation next = queue.poll();
                context.cancelTimer(next.queueTimer);
                next.queueTimer = -1;
                continue;
            }
            Runner runner = pick();
            if (runner == null) {
                scaleUp();
                return;
            }
            dispatch(runner, queue.poll());
        }
    }

    private void failQueue(int status, String message) {
        context.slots().satisfied(this);
        Invocation invocation;
        while ((invocation = queue.poll()) != null) {
            context.cancelTimer(invocation.queueTimer);
            invocation.fail(status, message);
        }
    }

    private void scaleUp() {
        if (draining || version.action().runOnce()) {
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

    private void ensureMinimum() {
        if (draining || version.action().runOnce()) {
            return;
        }
        int live = live();
        while (live < version.action().runnerMinCount() && startAllowed() && startRunner(null)) {
            live++;
        }
    }

    private boolean startAllowed() {
        return startFailures == 0 || System.nanoTime() - nextStartNanos >= 0;
    }

    /**
     * Starts a runner unless the instance already runs {@code RUNNER_MAX_TOTAL}; false then, and when requests wait
     * for it, an idle runner of another job is asked to give its slot up.
     */
    private boolean startRunner(Invocation reserved) {
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
        return runner.state() == RunnerState.READY && !runner.recycle && runner.reserved == null
                && runner.inFlight.isEmpty();
    }

    /** A slot was given back: requests waiting here may get a runner now. */
    synchronized void slotFreed() {
        if (!queue.isEmpty()) {
            drainQueue();
        }
    }

    /** Periodic duty: ages, idleness, liveness, the minimum count, and closing a drained pool. */
    synchronized void maintain() {
        if (queue.isEmpty()) {
            context.slots().satisfied(this);
        }
        Instant now = Instant.now();
        var action = version.action();
        for (Runner runner : List.copyOf(runners)) {
            if (runner.state() == RunnerState.STARTING) {
                continue;
            }
            long age = Duration.between(runner.createdAt, now).toSeconds();
            if (action.runnerMaxAgeHard() > 0 && age >= action.runnerMaxAgeHard()) {
                kill(runner, "it reached runnerMaxAgeHard (" + action.runnerMaxAgeHard() + " s)");
                continue;
            }
            var link = runner.link;
            if (link != null && link.held()) {
                // Its output waits for room in the log buffer: Jobber is not listening, the runner is not silent.
                runner.lastSeenNanos = System.nanoTime();
            }
            if (System.nanoTime() - runner.lastSeenNanos > PING_TIMEOUT.toNanos()) {
                kill(runner, "it answered no ping for " + PING_TIMEOUT.toSeconds() + " s");
                continue;
            }
            runner.send(new JsonObject().put("t", "ping"));
            if (runner.state() != RunnerState.READY || !runner.inFlight.isEmpty()) {
                if (runner.state() == RunnerState.READY && action.runnerMaxAge() > 0 && age >= action.runnerMaxAge()) {
                    retire(runner);
                }
                continue;
            }
            long idle = Duration.between(runner.lastActivity(), now).toSeconds();
            if (action.runnerMaxAge() > 0 && age >= action.runnerMaxAge()) {
                context.report(runner, "Runner " + runner.id + " reached runnerMaxAge and is replaced", false);
                retire(runner);
            } else if (action.runnerMaxIdleAge() > 0 && idle >= action.runnerMaxIdleAge()) {
                retire(runner);
            } else if (count(RunnerState.READY) > action.runnerMinCount() && idle >= SCALE_DOWN_IDLE.toSeconds()) {
                retire(runner);
            }
        }
        if (draining) {
            if (runners.isEmpty()) {
                context.poolClosed(this);
            }
            return;
        }
        ensureMinimum();
        drainQueue();
    }

    /** Stops taking events and retires every runner; returns the events still queued, for the job's next pool. */
    synchronized List<Invocation> drain() {
        draining = true;
        context.slots().satisfied(this);
        List<Invocation> waiting = new ArrayList<>();
        Invocation invocation;
        while ((invocation = queue.poll()) != null) {
            context.cancelTimer(invocation.queueTimer);
            invocation.queueTimer = -1;
            waiting.add(invocation);
        }
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

    private int live() {
        int live = 0;
        for (Runner runner : runners) {
            if ((runner.state() == RunnerState.STARTING || runner.state() == RunnerState.READY) && !runner.recycle) {
                live++;
            }
        }
        return live;
    }

    private int count(RunnerState state) {
        int count = 0;
        for (Runner runner : runners) {
            if (runner.state() == state && !runner.recycle) {
                count++;
            }
        }
        return count;
    }
}
