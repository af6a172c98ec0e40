package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The admin API on :3000 ({@code ADMIN_*}). */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /**
     * Largest request body of an admin route other than publishing ({@code ADMIN_MAX_BODY_SIZE}); larger bodies answer
     * 413. Publishing is limited by {@code JOBBER_ARCHIVE_MAX_SIZE} instead.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();
}
