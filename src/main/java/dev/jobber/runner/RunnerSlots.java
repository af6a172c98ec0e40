package dev.jobber.runner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance-wide cap on runners ({@code RUNNER_MAX_TOTAL}): a runner holds a slot from the moment its pool starts
 * it until it is closed, whatever its job. A pool whose requests wait for a slot is noted as wanting one; while any
 * pool does, slots only go to requests, not to keeping other jobs' runners warm. Thread-safe.
 */
final class RunnerSlots {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();
    private final Set<RunnerPool> wanting = ConcurrentHashMap.newKeySet();

    RunnerSlots(int max) {
        this.max = max;
    }

    /**
     * Takes a slot for {@code pool}; false when every slot is held, or when the slot would only keep a runner warm
     * ({@code forRequests} false) while another pool's requests wait for one.
     */
    boolean tryAcquire(RunnerPool pool, boolean forRequests) {
        if (!forRequests && !wanting.isEmpty() && !wanting.contains(pool)) {
            return false;
        }
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

    /** Notes that {@code pool} has requests waiting for a slot. */
    void want(RunnerPool pool) {
        wanting.add(pool);
    }

    /** {@code pool} got its slot, or has no requests waiting any more. */
    void satisfied(RunnerPool pool) {
        wanting.remove(pool);
    }

    /** The pools whose requests wait for a slot. */
    Set<RunnerPool> wanting() {
        return Set.copyOf(wanting);
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
