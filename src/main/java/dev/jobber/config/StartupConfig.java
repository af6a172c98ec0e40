package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The administrator created at first start ({@code STARTUP_*}). */
@ConfigMapping(prefix = "startup")
public interface StartupConfig {

    /** User name of the startup administrator ({@code STARTUP_USERNAME}). */
    @WithDefault("admin")
    String username();

    /** Its password ({@code STARTUP_PASSWORD}); a random one is generated and printed once when unset. */
    Optional<String> password();
}
