package dev.jobber.runner.protocol;

import dev.jobber.config.ManagerConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the manager listens for runners, as {@link ManagerServer} opened it.
 *
 * @param transport the configured transport ({@code MANAGER_TRANSPORT})
 * @param port      the TCP listener's port
 * @param host      the host name runners are told for TCP when the operator set one ({@code MANAGER_HOST})
 * @param socket    the Unix domain socket file when it listens (the only entry of its directory)
 */
public record ManagerEndpoint(ManagerConfig.Transport transport, int port, Optional<String> host,
        Optional<Path> socket) {
}
