package dev.jobber.job;

import com.fasterxml.jackson.databind.JsonNode;
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

    public record Action(UUID id, boolean runnerAsynchronous, int runnerMinCount, int runnerMaxCount,
            int runnerTimeout, int runnerMaxIdleAge, int runnerMaxAge, int runnerMaxAgeHard, String runnerMode,
            JsonNode runnerDockerArguments) {

        public boolean runOnce() {
            return "run-once".equals(runnerMode);
        }
    }

    public record Trigger(UUID id, String kind, String name, JsonNode context) {
    }
}
