package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The runner-manager socket ({@code MANAGER_*}). */
@ConfigMapping(prefix = "manager")
public interface ManagerConfig {

    /** Host name runners use to reach the manager ({@code MANAGER_HOST}); the machine's host name when unset. */
    Optional<String> host();

    /** Port of the manager socket ({@code MANAGER_PORT}). */
    @WithDefault("5211")
    int port();

    /** Interface the manager socket binds ({@code MANAGER_BIND_HOST}). */
    @WithDefault("0.0.0.0")
    String bindHost();

    /** What one connection may cost the manager before and after it authenticated. */
    Limits limits();

    interface Limits {
        /** How long a new connection may take to send its hello ({@code MANAGER_LIMITS_HELLO_TIMEOUT}). */
        @WithDefault("10s")
        Duration helloTimeout();

        /** Largest first frame (the hello) accepted, header and body ({@code MANAGER_LIMITS_HELLO_MAX_SIZE}). */
        @WithDefault("16K")
        MemorySize helloMaxSize();

        /**
         * Connections that have not sent a valid hello yet ({@code MANAGER_LIMITS_MAX_UNAUTHENTICATED}); further ones
         * are closed at once.
         */
        @WithDefault("64")
        int maxUnauthenticated();

        /**
         * Store and publish calls one runner may have unanswered ({@code MANAGER_LIMITS_MAX_CALLS_IN_FLIGHT}); its
         * connection is not read while they are.
         */
        @WithDefault("32")
        int maxCallsInFlight();

        /**
         * Bytes of call bodies one runner may have unanswered ({@code MANAGER_LIMITS_MAX_CALL_BYTES_IN_FLIGHT}); its
         * connection is not read while they are.
         */
        @WithDefault("16M")
        MemorySize maxCallBytesInFlight();

        /**
         * Bytes waiting to be written to one runner above which its connection is not read
         * ({@code MANAGER_LIMITS_WRITE_BUFFER}); bulk senders wait for it too.
         */
        @WithDefault("1M")
        MemorySize writeBuffer();

        /**
         * Bytes waiting to be written to one runner beyond which it counts as not reading its connection and is
         * removed ({@code MANAGER_LIMITS_MAX_QUEUED}).
         */
        @WithDefault("64M")
        MemorySize maxQueued();
    }
}
