package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and upkeep of the per-job key-value store ({@code JOBBER_STORE_*}). */
@ConfigMapping(prefix = "jobber.store")
public interface StoreConfig {

    /** Largest value one key may hold, in UTF-8 bytes ({@code JOBBER_STORE_MAX_VALUE_SIZE}). */
    @WithDefault("1M")
    MemorySize maxValueSize();

    /** Total bytes of all values of one job ({@code JOBBER_STORE_QUOTA}). */
    @WithDefault("64M")
    MemorySize quota();

    /** Most keys one job may hold ({@code JOBBER_STORE_MAX_KEYS}); expired keys count until they are cleaned up. */
    @WithDefault("10000")
    long maxKeys();

    /** How often expired items are deleted ({@code JOBBER_STORE_CLEANUP_INTERVAL}); they read as absent before. */
    @WithDefault("60s")
    Duration cleanupInterval();
}
