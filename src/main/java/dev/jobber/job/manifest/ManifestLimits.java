package dev.jobber.job.manifest;

import java.time.Duration;

/**
 * Upper bounds a manifest must stay within, so that no job can ask for more than the instance gives.
 *
 * @param maxRunners          most runners of the instance ({@code RUNNER_MAX_TOTAL}): {@code runnerMinCount} and
 *                            {@code runnerMaxCount} may not exceed it
 * @param maxTriggers         most triggers of one version
 * @param scheduleMinInterval shortest time a schedule may leave between two runs
 * @param container           the operator's limits of a runner container ({@code RUNNER_MEMORY_LIMIT},
 *                            {@code RUNNER_CPU_LIMIT}, {@code RUNNER_PIDS_LIMIT}, {@code RUNNER_NOFILE_LIMIT}):
 *                            {@code directPassthroughArguments} may tighten them, never exceed them
 */
public record ManifestLimits(int maxRunners, int maxTriggers, Duration scheduleMinInterval,
        ContainerLimits container) {

    /**
     * Limits of one runner container; memory in bytes, CPU in billionths of a core. {@code passthroughApplied}: this
     * instance applies {@code directPassthroughArguments} (the kind allowed and passthrough switched on); when it does
     * not, they are accepted as written and ignored, and only flags that could be applied are kept.
     */
    public record ContainerLimits(long memoryBytes, long nanoCpus, long pidsLimit, long nofile,
            boolean passthroughApplied) {
    }

    /** {@code runnerTimeout}: one day, in seconds. */
    public static final int MAX_TIMEOUT = 24 * 60 * 60;
    /** {@code runnerMaxIdleAge}, {@code runnerMaxAge} and {@code runnerMaxAgeHard}: 30 days, in seconds. */
    public static final int MAX_AGE = 30 * 24 * 60 * 60;
}
