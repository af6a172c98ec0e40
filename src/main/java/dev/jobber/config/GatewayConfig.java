package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP gateway that invokes functions ({@code GATEWAY_*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Port of the gateway listener ({@code GATEWAY_PORT}); {@code 0} picks a free port. */
    @WithDefault("3001")
    int port();

    /** Interface the gateway binds ({@code GATEWAY_HOST}). */
    @WithDefault("0.0.0.0")
    String host();

    /** Largest request body passed to a function ({@code GATEWAY_MAX_BODY_SIZE}); larger requests answer 413. */
    @WithDefault("10M")
    MemorySize maxBodySize();
}
