package dev.jobber.trigger.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Ticks skipped per schedule trigger, as counted by this instance. */
@ApplicationScoped
public class ScheduleCounters {

    private final Map<UUID, AtomicLong> skipped = new ConcurrentHashMap<>();

    void skipped(UUID triggerId, long ticks) {
        skipped.computeIfAbsent(triggerId, id -> new AtomicLong()).addAndGet(ticks);
    }

    public long skipped(UUID triggerId) {
        AtomicLong count = skipped.get(triggerId);
        return count == null ? 0 : count.get();
    }
}
