package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.config.ManagerConfig.Transport;
import dev.jobber.runner.protocol.ManagerEndpoint;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManagerRouteTest {

    private static final String LOCAL = "unix:///var/run/docker.sock";
    private static final String REMOTE = "tcp://docker.example:2376";
    private static final Path SOCKET = Path.of("/var/lib/jobber/manager/manager.sock");

    private static ManagerEndpoint endpoint(Transport transport, Optional<String> host, Optional<Path> socket) {
        return new ManagerEndpoint(transport, 5211, host, socket);
    }


    @Test
    void aLocalEngineGetsTheSocketWithItsDirectoryMountedReadOnlyWhateverTheNetwork() {
        ManagerRoute route = ManagerRoute.choose(endpoint(Transport.AUTO, Optional.empty(), Optional.of(SOCKET)),
                LOCAL, Optional.of("none"));

        assertThat(route.credentials()).containsExactly(Map.entry("managerSocket", "/jobber/manager/manager.sock"));
        assertThat(route.binds()).containsExactly("/var/lib/jobber/manager:/jobber/manager:ro");
        assertThat(route.extraHosts()).isEmpty();
    }

    @Test
    void aRemoteEngineGetsTcpToTheHostGatewayOnABridgeNetwork() {
        ManagerRoute route = ManagerRoute.choose(endpoint(Transport.AUTO, Optional.empty(), Optional.of(SOCKET)),
                REMOTE, Optional.empty());

        assertThat(route).isEqualTo(new ManagerRoute.Tcp("host.docker.internal", 5211, true));
        assertThat(route.credentials()).containsOnly(Map.entry("managerHost", "host.docker.internal"),
                Map.entry("managerPort", 5211));
        assertThat(route.binds()).isEmpty();
        assertThat(route.extraHosts()).containsExactly("host.docker.internal:host-gateway");
    }

    @Test
    void runnersOnTheHostNetworkReachTcpOnLoopback() {
        ManagerRoute route = ManagerRoute.choose(endpoint(Transport.TCP, Optional.empty(), Optional.empty()),
                LOCAL, Optional.of("host"));

        assertThat(route).isEqualTo(new ManagerRoute.Tcp("127.0.0.1", 5211, false));
        assertThat(route.extraHosts()).isEmpty();
    }

    @Test
    void anOperatorsHostIsUsedAsIsWithoutGatewayMapping() {
        ManagerRoute route = ManagerRoute.choose(endpoint(Transport.AUTO, Optional.of("manager-relay"),
                Optional.empty()), LOCAL, Optional.of("jobber-runners"));

        assertThat(route).isEqualTo(new ManagerRoute.Tcp("manager-relay", 5211, false));
    }

    @Test
    void transportSocketUsesTheSocketEvenWhenTheEngineAddressIsNotAUnixSocket() {
        ManagerRoute route = ManagerRoute.choose(endpoint(Transport.SOCKET, Optional.empty(), Optional.of(SOCKET)),
                "tcp://127.0.0.1:2375", Optional.empty());

        assertThat(route).isEqualTo(new ManagerRoute.Socket(SOCKET));
    }
}
