package dev.jobber.runner.protocol;

import java.util.concurrent.atomic.AtomicBoolean;

/** The calls one runner has in flight and the bytes of their bodies, against its connection's limits. */
final class CallBudget {

    private final int maxCalls;
    private final long maxBytes;
    private final Runnable onFreed;
    private int calls;
    private long bytes;

    /** @param onFreed runs (on the finishing thread) whenever a call finished */
    CallBudget(int maxCalls, long maxBytes, Runnable onFreed) {
        this.maxCalls = maxCalls;
        this.maxBytes = maxBytes;
        this.onFreed = onFreed;
    }

    /** Counts a call in; returns what to run once it was answered (running it again does nothing). */
    Runnable begin(int bodyBytes) {
        synchronized (this) {
            calls++;
            bytes += bodyBytes;
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (this) {
                    calls--;
                    bytes -= bodyBytes;
                }
                onFreed.run();
            }
        };
    }

    /** Whether no further call may be read until one finishes. */
    synchronized boolean exhausted() {
        return calls >= maxCalls || bytes >= maxBytes;
    }
}
