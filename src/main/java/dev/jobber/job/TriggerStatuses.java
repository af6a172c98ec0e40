package dev.jobber.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The last known status of each trigger on this instance; triggers it does not run are {@code unknown}. */
@ApplicationScoped
public class TriggerStatuses {

    private final Map<UUID, TriggerStatus> statuses = new ConcurrentHashMap<>();

    public void set(UUID triggerId, TriggerStatus status) {
        statuses.put(triggerId, status);
    }

    public void remove(UUID triggerId) {
        statuses.remove(triggerId);
    }

    public TriggerStatus of(UUID triggerId) {
        return statuses.getOrDefault(triggerId, TriggerStatus.UNKNOWN);
    }
}
