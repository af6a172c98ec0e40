package dev.jobber.job.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jobber.job.Action;
import dev.jobber.job.manifest.ActionSettings;
import java.util.Map;
import java.util.UUID;

/** An action as the admin API shows it: its ids and version, then its settings as published, side by side. */
public record ActionView(UUID id, UUID jobId, UUID jobVersionId, String version,
        @JsonUnwrapped ActionSettings settings) {

    static ActionView of(Action a, Map<UUID, String> versionLabels) {
        return new ActionView(a.id, a.jobId, a.jobVersionId, versionLabels.get(a.jobVersionId), a.settings());
    }
}
