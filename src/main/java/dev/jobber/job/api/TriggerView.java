package dev.jobber.job.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.job.Trigger;
import dev.jobber.job.TriggerStatus;
import java.util.Map;
import java.util.UUID;

/** A trigger as the admin API shows it: the manifest's trigger object and its health. */
public record TriggerView(UUID id, UUID jobId, UUID jobVersionId, String version, JsonNode context,
        Status status) {

    /** {@code healthy}, {@code unhealthy} or {@code unknown}, with a message. */
    public record Status(String status, String message) {
    }

    static TriggerView of(Trigger t, Map<UUID, String> versionLabels, TriggerStatus status) {
        return new TriggerView(t.id, t.jobId, t.jobVersionId, versionLabels.get(t.jobVersionId), t.context,
                new Status(status.status(), status.message()));
    }
}
