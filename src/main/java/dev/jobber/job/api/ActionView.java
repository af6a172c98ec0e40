package dev.jobber.job.api;

import dev.jobber.job.Action;
import dev.jobber.job.manifest.DockerArguments;
import java.util.Map;
import java.util.UUID;

/** An action as the admin API shows it. */
public record ActionView(UUID id, UUID jobId, UUID jobVersionId, String version, boolean runnerAsynchronous,
        int runnerMinCount, int runnerMaxCount, int runnerTimeout, int runnerMaxIdleAge, int runnerMaxAge,
        int runnerMaxAgeHard, String runnerMode, DockerArguments runnerDockerArguments) {

    static ActionView of(Action a, Map<java.util.UUID, String> versionLabels) {
        return new ActionView(a.id, a.jobId, a.jobVersionId, versionLabels.get(a.jobVersionId), a.runnerAsynchronous,
                a.runnerMinCount, a.runnerMaxCount, a.runnerTimeout, a.runnerMaxIdleAge, a.runnerMaxAge,
                a.runnerMaxAgeHard, a.runnerMode, a.runnerDockerArguments);
    }
}
