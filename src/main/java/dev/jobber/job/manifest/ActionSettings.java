package dev.jobber.job.manifest;

/** The {@code action} of a manifest with every default applied; ages and timeouts in seconds, {@code 0} = none. */
public record ActionSettings(
        boolean runnerAsynchronous,
        int runnerMinCount,
        int runnerMaxCount,
        int runnerTimeout,
        int runnerMaxIdleAge,
        int runnerMaxAge,
        int runnerMaxAgeHard,
        RunnerMode runnerMode,
        DockerArguments runnerDockerArguments) {

    public static final boolean DEFAULT_ASYNCHRONOUS = true;
    public static final int DEFAULT_MIN_COUNT = 1;
    public static final int DEFAULT_MAX_COUNT = 16;
    public static final int DEFAULT_TIMEOUT = 60;
    public static final int DEFAULT_MAX_IDLE_AGE = 0;
    public static final int DEFAULT_MAX_AGE = 900;
    public static final int DEFAULT_MAX_AGE_HARD = 960;
}
