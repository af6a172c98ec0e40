package dev.jobber.config;

import java.lang.management.ManagementFactory;

/** Defaults sized to the machine (or container) Jobber runs on. */
public final class HostCapacity {

    static final long MEMORY_PER_RUNNER = 128L * 1024 * 1024;

    private HostCapacity() {
    }

    /**
     * 16 runners per available core, but no more than one per 128 MiB of memory, and never fewer than 16 (a
     * manifest's default {@code runnerMaxCount}).
     */
    public static int defaultMaxRunners() {
        return defaultMaxRunners(Runtime.getRuntime().availableProcessors(), totalMemory());
    }

    static int defaultMaxRunners(int cores, long memoryBytes) {
        long byCores = 16L * cores;
        long byMemory = memoryBytes / MEMORY_PER_RUNNER;
        return (int) Math.max(16, Math.min(byCores, byMemory));
    }

    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
