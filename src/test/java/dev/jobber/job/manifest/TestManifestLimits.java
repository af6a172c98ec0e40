package dev.jobber.job.manifest;

import java.time.Duration;

/** Manifest limits for tests: 64 triggers and the container limits of the {@code RUNNER_*} defaults. */
public final class TestManifestLimits {

    /** 512 MiB, one core, 256 processes, 1024 open files; passthrough applied. */
    public static final ManifestLimits.ContainerLimits CONTAINER = new ManifestLimits.ContainerLimits(
            512L * 1024 * 1024, 1_000_000_000L, 256, 1024, true);

    private TestManifestLimits() {
    }

    public static ManifestLimits of(int maxRunners, Duration scheduleMinInterval) {
        return new ManifestLimits(maxRunners, 64, scheduleMinInterval, CONTAINER);
    }
}
