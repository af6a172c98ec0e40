package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Verbose logging switches ({@code DEBUG_*}). */
@ConfigMapping(prefix = "debug")
public interface DebugConfig {

    /** Log runner protocol traffic ({@code DEBUG_RUNNER}). */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean runner();

    /** Log every gateway request ({@code DEBUG_HTTP}). */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean http();
}
