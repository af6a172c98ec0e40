package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The runner-manager socket ({@code MANAGER_*}). */
@ConfigMapping(prefix = "manager")
public interface ManagerConfig {

    /**
     * How runners reach the manager ({@code MANAGER_TRANSPORT}): {@code socket}, through a Unix domain socket in
     * {@link #socketDir()} mounted read-only into each runner (no network needed); {@code tcp}, through
     * {@link #host()} and {@link #port()}; {@code auto}, the socket unless {@code MANAGER_HOST} is set or the Docker
     * engine is not reached through a Unix socket (a remote engine), and TCP where the socket cannot be opened (no
     * native transport on this platform).
     */
    @WithDefault("auto")
    Transport transport();

    /**
     * Directory of the manager's Unix domain socket ({@code MANAGER_SOCKET_DIR}), {@code manager} under the data
     * directory by default. Jobber owns it: it holds nothing but {@code manager.sock}, and every runner sees it.
     */
    @WithDefault("${jobber.data-dir}/manager")
    Path socketDir();

    /**
     * Host name runners use to reach the manager over TCP ({@code MANAGER_HOST}); setting it selects TCP under
     * {@code auto}. Unset: {@code 127.0.0.1} for runners on the host's network, else {@code host.docker.internal}
     * (mapped to the host's gateway address).
     */
    Optional<String> host();

    /** Port of the manager's TCP listener ({@code MANAGER_PORT}); it listens whatever the transport. */
    @WithDefault("5211")
    int port();

    /** Interface the manager's TCP listener binds ({@code MANAGER_BIND_HOST}). */
    @WithDefault("0.0.0.0")
    String bindHost();

    /** How runners reach the manager. */
    enum Transport {
        AUTO, SOCKET, TCP
    }

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
