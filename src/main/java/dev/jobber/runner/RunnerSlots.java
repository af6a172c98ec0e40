package dev.jobber.runner;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance-wide cap on runners ({@code RUNNER_MAX_TOTAL}): a runner holds a slot from the moment its pool starts
 * it until it is closed, whatever its job. Thread-safe.
 */
final class RunnerSlots {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    RunnerSlots(int max) {
        this.max = max;
    }

    /** Takes a slot; false when every slot is held. */
    boolean tryAcquire() {
        while (true) {
            int current = used.get();
            if (current >= max) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
    }

    int used() {
        return used.get();
    }

    int max() {
        return max;
    }
}
