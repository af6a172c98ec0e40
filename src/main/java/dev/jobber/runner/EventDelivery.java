package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * Hands one event to one runner of a pool: its event frame, its body (in the frame when small, else through the
 * event's {@link BodyChannel}) and its {@code runnerTimeout}, after which the event fails with 504 and the runner is
 * replaced. Called with the pool's lock held.
 */
final class EventDelivery {

    /**
     * Event bodies in memory up to this size travel in the event frame; larger ones are streamed in chunks of at most
     * this size through the event's {@link BodyChannel}.
     */
    static final int CHUNK = 1024 * 1024;

    private final RunnerPool pool;
    private final PoolContext context;

    EventDelivery(RunnerPool pool, PoolContext context) {
        this.pool = pool;
        this.context = context;
    }

    /** Sends {@code invocation} to {@code runner}; one that already finished (its caller left) is not sent. */
    void deliver(Runner runner, Invocation invocation) {
        if (invocation.isFinished()) {
            if (runner.reserved == invocation) {
                pool.retirement.retire(runner);
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
        int timeout = pool.version.action().settings().runnerTimeout();
        if (timeout > 0) {
            invocation.timeoutTimer = context.setTimer(timeout * 1000L, () -> onTimeout(runner, invocation));
        }
    }

    /** The event ended or was given up: its timeout no longer applies. */
    void stopTimeout(Invocation invocation) {
        if (invocation.timeoutTimer >= 0) {
            context.cancelTimer(invocation.timeoutTimer);
        }
    }

    private void onTimeout(Runner runner, Invocation invocation) {
        synchronized (pool) {
            if (runner.inFlight.remove(invocation.id) == null) {
                return;
            }
            invocation.fail(504, "The function did not answer within "
                    + pool.version.action().settings().runnerTimeout() + " s");
            runner.send(new Frame.Cancel(invocation.id));
            context.report(runner, "Runner " + runner.id + " timed out on a request and is replaced", true);
            if (runner.inFlight.isEmpty()) {
                pool.retirement.kill(runner, "it timed out");
            } else {
                pool.retirement.retire(runner);
            }
            pool.ensureMinimum();
            pool.serveQueue();
        }
    }
}
