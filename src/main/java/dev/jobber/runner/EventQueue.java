package dev.jobber.runner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A pool's bounded queue of events waiting for a runner ({@code RUNNER_QUEUE_SIZE}), each given up with 503 once it
 * waited {@code RUNNER_QUEUE_WAIT}. Guarded by its pool's lock.
 */
final class EventQueue {

    private final ArrayDeque<Invocation> waiting = new ArrayDeque<>();
    private final PoolContext context;
    private final String jobName;

    EventQueue(PoolContext context, String jobName) {
        this.context = context;
        this.jobName = jobName;
    }

    /**
     * Queues the event, {@code expired} running when it waited too long; a full queue fails it with 503 at once and
     * answers false.
     */
    boolean add(Invocation invocation, Consumer<Invocation> expired) {
        if (waiting.size() >= context.config().queueSize()) {
            invocation.fail(503, "Job " + jobName + " is saturated: " + waiting.size()
                    + " requests are already waiting for a runner");
            return false;
        }
        waiting.add(invocation);
        invocation.queueTimer = context.setTimer(context.config().queueWait().toMillis(),
                () -> expired.accept(invocation));
        return true;
    }

    /** The queued event waited too long: it fails with 503; false when it had left the queue already. */
    boolean expire(Invocation invocation) {
        if (!waiting.remove(invocation)) {
            return false;
        }
        invocation.queueTimer = -1;
        invocation.fail(503, "No runner of job " + jobName + " became free within "
                + context.config().queueWait().toSeconds() + " s");
        return true;
    }

    /** Takes the event out of the queue; false when it was not in it. */
    boolean remove(Invocation invocation) {
        if (!waiting.remove(invocation)) {
            return false;
        }
        stopTimer(invocation);
        return true;
    }

    Invocation peek() {
        return waiting.peek();
    }

    /** The oldest event, out of the queue; null when none waits. */
    Invocation poll() {
        Invocation next = waiting.poll();
        if (next != null) {
            stopTimer(next);
        }
        return next;
    }

    /** Every waiting event, out of the queue, oldest first. */
    List<Invocation> takeAll() {
        List<Invocation> all = new ArrayList<>();
        Invocation next;
        while ((next = poll()) != null) {
            all.add(next);
        }
        return all;
    }

    void failAll(int status, String message) {
        takeAll().forEach(invocation -> invocation.fail(status, message));
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    private void stopTimer(Invocation invocation) {
        if (invocation.queueTimer >= 0) {
            context.cancelTimer(invocation.queueTimer);
            invocation.queueTimer = -1;
        }
    }
}
