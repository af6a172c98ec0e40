package dev.jobber.runner;

import dev.jobber.config.ManagerConfig;
import dev.jobber.runner.protocol.ManagerEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How this instance's runners reach the manager: the fields of their credentials that say where to connect, and what
 * their containers need for it. Chosen once, from where the manager listens, the Docker engine's address and the
 * runners' network (README, "Configuration"; docs/runner-protocol.md).
 */
sealed interface ManagerRoute {

    /** Where a runner sees the manager's socket directory, mounted read-only. */
    String SOCKET_DIR = "/jobber/manager";
    /** The name a runner on a bridge network reaches the host by, mapped to the host's gateway address. */
    String HOST_GATEWAY = "host.docker.internal";

    /** The fields of a runner's credentials that say where to connect (docs/runner-protocol.md). */
    Map<String, Object> credentials();

    /** Bind mounts ({@code source:target:mode}) the runner's container needs. */
    List<String> binds();

    /** Extra {@code name:address} host entries the runner's container needs. */
    List<String> extraHosts();

    /** Through the Unix domain socket {@code socket}, whose directory is mounted read-only into the runner. */
    record Socket(Path socket) implements ManagerRoute {
        @Override
        public Map<String, Object> credentials() {
            return Map.of("managerSocket", SOCKET_DIR + "/" + socket.getFileName());
        }

        @Override
        public List<String> binds() {
            return List.of(socket.getParent() + ":" + SOCKET_DIR + ":ro");
        }

        @Override
        public List<String> extraHosts() {
            return List.of();
        }

        @Override
        public String toString() {
            return "the Unix domain socket " + socket + " (" + SOCKET_DIR + " in the runners, read-only)";
        }
    }

    /** Over TCP to {@code host:port}; {@code hostGateway} maps {@link #HOST_GATEWAY} to the host in the container. */
    record Tcp(String host, int port, boolean hostGateway) implements ManagerRoute {
        @Override
        public Map<String, Object> credentials() {
            return Map.of("managerHost", host, "managerPort", port);
        }

        @Override
        public List<String> binds() {
            return List.of();
        }

        @Override
        public List<String> extraHosts() {
            return hostGateway ? List.of(HOST_GATEWAY + ":host-gateway") : List.of();
        }

        @Override
        public String toString() {
            return "TCP to " + host + ":" + port + (hostGateway ? " (the host's gateway address)" : "");
        }
    }

    /**
     * The socket when the manager listens on one and the engine runs containers on this machine (its address is a
     * Unix socket) or the transport is {@code socket}; else TCP to {@code MANAGER_HOST}, to loopback for runners on
     * the host's network, or to the host's gateway address.
     */
    static ManagerRoute choose(ManagerEndpoint endpoint, String engineAddress, Optional<String> network) {
        Logger log = Logger.getLogger(ManagerRoute.class);
        boolean localEngine = engineAddress.startsWith("unix://");
        ManagerRoute route;
        if (endpoint.socket().isPresent()
                && (localEngine || endpoint.transport() == ManagerConfig.Transport.SOCKET)) {
            route = new Socket(endpoint.socket().get());
        } else if (endpoint.host().isPresent()) {
            route = new Tcp(endpoint.host().get(), endpoint.port(), false);
        } else if (network.filter("host"::equals).isPresent()) {
            route = new Tcp("127.0.0.1", endpoint.port(), false);
        } else {
            route = new Tcp(HOST_GATEWAY, endpoint.port(), true);
        }
        if (route instanceof Tcp && network.filter("none"::equals).isPresent()) {
            log.errorf("Runners on network none cannot reach the manager over TCP: no runner will start. "
                    + "Let the manager open its socket (MANAGER_TRANSPORT, MANAGER_SOCKET_DIR) or pick a network "
                    + "(RUNNER_CONTAINER_DOCKER_NETWORK)");
        } else if (route instanceof Socket && Files.exists(Path.of("/.dockerenv"))) {
            log.warnf("Jobber runs in a container: the runners' bind mount names %s on the Docker engine's machine. "
                    + "Mount MANAGER_SOCKET_DIR at that same path, or set MANAGER_HOST for TCP",
                    endpoint.socket().get().getParent());
        } else if (endpoint.socket().isPresent() && route instanceof Tcp) {
            log.infof("The Docker engine at %s may not run containers on this machine: runners connect over TCP "
                    + "(MANAGER_TRANSPORT=socket uses the socket all the same)", engineAddress);
        }
        log.infof("Runners reach the manager through %s", route);
        return route;
    }
}
