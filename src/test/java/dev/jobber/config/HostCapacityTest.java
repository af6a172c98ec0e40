package dev.jobber.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostCapacityTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void allowsSixteenRunnersPerCoreWhileMemoryLasts() {
        assertThat(HostCapacity.defaultMaxRunners(2, 8 * GIB)).isEqualTo(32);
        assertThat(HostCapacity.defaultMaxRunners(64, 4 * GIB)).isEqualTo(32);
    }

    @Test
    void neverAllowsFewerThanAManifestsDefaultMaximum() {
        assertThat(HostCapacity.defaultMaxRunners(1, GIB / 2)).isEqualTo(16);
    }
}
