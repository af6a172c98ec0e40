package dev.jobber.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.RunnerMode;
import dev.jobber.job.manifest.TriggerDefinition;
import java.util.List;
import java.util.UUID;

/**
 * The active version of an enabled job with everything needed to run it and route to it. Runner pools are replaced
 * when it changes, hence the environment revision.
 */
public record ActiveVersion(
        UUID jobId,
        String jobName,
        UUID versionId,
        String version,
        String main,
        String moduleType,
        int nodeMajor,
        String archiveSha256,
        Action action,
        List<Trigger> triggers,
        long environmentRevision) {

    /** The version's action: its id and its settings as published, every default applied. */
    public record Action(UUID id, ActionSettings settings) {

        public boolean runOnce() {
            return settings.runnerMode() == RunnerMode.RUN_ONCE;
        }
    }

    /** A trigger as published, typed by how it fires. */
    public record Trigger(UUID id, TriggerDefinition definition) {

        public String kind() {
            return definition.kind();
        }

        public String name() {
            return definition.name();
        }

        /** The manifest's trigger object as published. */
        public ObjectNode context() {
            return definition.context();
        }
    }
}
