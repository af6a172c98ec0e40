package dev.jobber.runner;

import dev.jobber.job.ActiveVersion;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.Frames;
import dev.jobber.runner.protocol.RunnerLink;
import dev.jobber.runner.protocol.RunnerSessions;
import java.time.Duration;
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

    final ActiveVersion version;
    final VersionMeters meters;
    final EventQueue queue;
    final PoolContext context;
    private final DispatchPolicy policy;
    private final PoolUpkeep upkeep = new PoolUpkeep(this);
    private final List<Runner> runners = new ArrayList<>();
    final EventDelivery delivery;
    final PoolGrowth growth;
    final RunnerRetirement retirement;
    private boolean draining;

    RunnerPool(ActiveVersion version, PoolContext context, VersionMeters meters) {
        this.version = version;
        this.context = context;
        this.meters = meters;
        this.queue = new EventQueue(context, version.jobName());
        this.policy = DispatchPolicy.of(this);
        this.delivery = new EventDelivery(this, context);
        this.growth = new PoolGrowth(this, context, runners);
        this.retirement = new RunnerRetirement(this, context, runners);
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
            growth.scaleUp();
        }
    }

    private synchronized void onQueueTimeout(Invocation invocation) {
        if (queue.expire(invocation) && queue.isEmpty()) {
            context.slots().satisfied(this);
        }
    }

    /** How many events a runner takes at once. */
    int capacity() {
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

    synchronized void onInvocationDone(Runner runner, Invocation invocation) {
        runner.inFlight.remove(invocation.id);
        delivery.stopTimeout(invocation);
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
        delivery.stopTimeout(invocation);
        invocation.fail(status, message);
        runner.send(new Frame.Cancel(invocation.id));
        policy.afterEvent(runner);
        policy.serveQueue();
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
        growth.succeeded();
        context.report(runner, "Runner " + runner.id + " started in "
                + Duration.between(runner.createdAt, runner.readyAt).toMillis() + " ms", false);
        if (runner.reserved != null) {
            delivery.deliver(runner, runner.reserved);
        } else if (draining) {
            retire(runner);
        } else {
            policy.serveQueue();
        }
    }

    /** The runner's container was created; its start timeout begins. */
    synchronized void onContainerCreated(Runner runner) {
        growth.containerCreated(runner);
    }

    /** A runner could not be created or did not become ready; {@code status} is what its waiting events get. */
    synchronized void onStartFailed(Runner runner, String reason, int status) {
        if (runner.state() == RunnerState.CLOSED) {
            return;
        }
        retirement.remove(runner);
        growth.failed();
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
        retirement.close(runner, "The runner stopped while handling the request");
        context.report(runner, "Runner " + runner.id + (expected ? " stopped" : " stopped unexpectedly"), !expected);
        ensureMinimum();
        policy.serveQueue();
    }

    /** Retires a runner gracefully: no new events; once idle it is told to shut down. */
    synchronized void retire(Runner runner) {
        retirement.retire(runner);
    }

    /** Kills a runner at once; its events fail with 502. */
    synchronized void kill(Runner runner, String reason) {
        retirement.kill(runner, reason);
    }

    void serveQueue() {
        policy.serveQueue();
    }

    private void failQueue(int status, String message) {
        context.slots().satisfied(this);
        queue.failAll(status, message);
    }

    /** Whether the pool keeps runners warm now: its policy does and it is not draining. */
    boolean keepsWarm() {
        return !draining && policy.keepsWarm();
    }

    void ensureMinimum() {
        growth.ensureMinimum();
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
