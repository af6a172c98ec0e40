package dev.jobber.runner;

/**
 * How a pool hands events to runners, chosen by the job's {@code runnerMode}: {@link Standard} keeps warm runners
 * and gives each event to the least busy one; {@link RunOnce} starts a fresh runner for each event and retires it
 * after that event. Called with the pool's lock held.
 */
sealed interface DispatchPolicy {

    static DispatchPolicy of(RunnerPool pool) {
        return pool.version.action().runOnce() ? new RunOnce(pool) : new Standard(pool);
    }

    /** A new event: handed over at once when it can be, else queued. */
    void take(Invocation invocation);

    /** Hands queued events to runners while it can. */
    void serveQueue();

    /** What becomes of a runner once one of its events ended. */
    void afterEvent(Runner runner);

    /** Whether the pool keeps runners warm (the minimum, scaling up for the queue). */
    boolean keepsWarm();

    record Standard(RunnerPool pool) implements DispatchPolicy {
        @Override
        public void take(Invocation invocation) {
            Runner runner = pool.pick();
            if (runner != null) {
                pool.delivery.deliver(runner, invocation);
            } else {
                pool.enqueue(invocation);
            }
        }

        @Override
        public void serveQueue() {
            while (!pool.queue.isEmpty()) {
                Runner runner = pool.pick();
                if (runner == null) {
                    pool.growth.scaleUp();
                    return;
                }
                pool.delivery.deliver(runner, pool.queue.poll());
            }
        }

        @Override
        public void afterEvent(Runner runner) {
            if (runner.state() == RunnerState.CLOSING && runner.inFlight.isEmpty()) {
                pool.retirement.stop(runner);
            }
        }

        @Override
        public boolean keepsWarm() {
            return true;
        }
    }

    record RunOnce(RunnerPool pool) implements DispatchPolicy {
        @Override
        public void take(Invocation invocation) {
            if (!(roomForOneMore() && pool.growth.start(invocation))) {
                pool.enqueue(invocation);
            }
        }

        @Override
        public void serveQueue() {
            while (!pool.queue.isEmpty() && roomForOneMore() && pool.growth.start(pool.queue.peek())) {
                pool.queue.poll();
            }
        }

        @Override
        public void afterEvent(Runner runner) {
            pool.retirement.retire(runner);
        }

        @Override
        public boolean keepsWarm() {
            return false;
        }

        /** {@code runnerMaxCount: 0} means no limit. */
        private boolean roomForOneMore() {
            int max = pool.version.action().settings().runnerMaxCount();
            return (max == 0 || pool.live() < max) && pool.growth.allowed();
        }
    }
}
