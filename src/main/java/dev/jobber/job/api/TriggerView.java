package dev.jobber.job.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.job.Trigger;
import dev.jobber.job.TriggerStatus;
import dev.jobber.job.manifest.TriggerDefinition;
import java.util.Map;
import java.util.UUID;

/** A trigger as the admin API shows it: the manifest's trigger object and its health. */
@JsonPropertyOrder({"id", "jobId", "jobVersionId", "version", "context", "status"})
public record TriggerView(UUID id, UUID jobId, UUID jobVersionId, String version,
        @JsonIgnore TriggerDefinition definition, Status status) {

    /** {@code healthy}, {@code unhealthy} or {@code unknown}, with a message. */
    public record Status(String status, String message) {
    }

    /** The manifest's trigger object as published. */
    @JsonProperty
    public ObjectNode context() {
        return definition.context();
    }

    static TriggerView of(Trigger t, Map<UUID, String> versionLabels, TriggerStatus status) {
        return new TriggerView(t.id, t.jobId, t.jobVersionId, versionLabels.get(t.jobVersionId), t.definition(),
                new Status(status.status(), status.message()));
    }
}
