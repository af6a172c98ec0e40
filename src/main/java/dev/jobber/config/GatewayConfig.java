package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The HTTP gateway that invokes functions ({@code GATEWAY_*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Port of the gateway listener ({@code GATEWAY_PORT}); {@code 0} picks a free port. */
    @WithDefault("3001")
    int port();

    /**
     * Base URL callers reach the gateway at, behind a proxy or on its own host name ({@code GATEWAY_PUBLIC_URL});
     * {@code /api/config} tells it to clients such as the command-line tool, which otherwise assume the admin API's
     * host on {@link #port()}.
     */
    Optional<String> publicUrl();

    /** Interface the gateway binds ({@code GATEWAY_HOST}). */
    @WithDefault("0.0.0.0")
    String host();

    /** Largest request body passed to a function ({@code GATEWAY_MAX_BODY_SIZE}); larger requests answer 413. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /**
     * How long a new connection may take to send its first request line and headers ({@code GATEWAY_HEADER_TIMEOUT});
     * a client still sending them after that is disconnected.
     */
    @WithDefault("10s")
    Duration headerTimeout();

    /**
     * How long a connection may stay open without a request once its answers are sent ({@code GATEWAY_IDLE_TIMEOUT}),
     * which also bounds the wait for the next request's headers on a kept-alive connection. A request waiting for its
     * function is never cut by it.
     */
    @WithDefault("60s")
    Duration idleTimeout();
}
