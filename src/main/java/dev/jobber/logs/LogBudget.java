package dev.jobber.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How many lines wait to be written, in total and per job, and who waits for room. A job has room while it holds
 * fewer than its share and the buffer holds fewer than its capacity; producers of a job without room stop reading
 * its output until {@link #whenRoom} calls them back. Thread-safe; callbacks run outside its lock.
 */
final class LogBudget {

    private final int capacity;
    private final int jobShare;
    private final Map<UUID, Integer> perJob = new HashMap<>();
    private final Map<UUID, List<Runnable>> waiting = new HashMap<>();
    private int total;
    private int peak;
    private boolean holding = true;

    LogBudget(int capacity, int jobShare) {
        if (capacity < 1 || jobShare < 1) {
            throw new IllegalArgumentException("capacity and job share must be positive");
        }
        this.capacity = capacity;
        this.jobShare = Math.min(jobShare, capacity);
    }

    synchronized void add(UUID jobId) {
        total++;
        perJob.merge(jobId, 1, Integer::sum);
        peak = Math.max(peak, total);
    }

    /** Counts written (or given up) lines out and calls back the producers that have room again. */
    void remove(List<LogLine> lines) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            for (LogLine line : lines) {
                total--;
                perJob.computeIfPresent(line.jobId(), (id, count) -> count == 1 ? null : count - 1);
            }
            if (total < capacity) {
                for (Iterator<Map.Entry<UUID, List<Runnable>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<UUID, List<Runnable>> entry = it.next();
                    if (perJob.getOrDefault(entry.getKey(), 0) < jobShare) {
                        ready.addAll(entry.getValue());
                        it.remove();
                    }
                }
            }
        }
        ready.forEach(Runnable::run);
    }

    synchronized boolean hasRoom(UUID jobId) {
        return !holding || total < capacity && perJob.getOrDefault(jobId, 0) < jobShare;
    }

    /** Runs {@code action} once {@code jobId} has room: at once when it has now, else from the writer. */
    void whenRoom(UUID jobId, Runnable action) {
        synchronized (this) {
            if (!hasRoom(jobId)) {
                waiting.computeIfAbsent(jobId, id -> new ArrayList<>()).add(action);
                return;
            }
        }
        action.run();
    }

    /** Stops holding anyone back (the sink is closing) and calls back every waiting producer. */
    void stopHolding() {
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            holding = false;
            waiting.values().forEach(ready::addAll);
            waiting.clear();
        }
        ready.forEach(Runnable::run);
    }

    synchronized int size() {
        return total;
    }

    synchronized int peak() {
        return peak;
    }
}
