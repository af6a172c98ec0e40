package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.config.ManagerConfig;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code MANAGER_TRANSPORT=tcp}: no socket is opened and runners (on the host's network) connect over TCP. */
@QuarkusTest
@TestProfile(ManagerTcpTransportTest.Tcp.class)
@QuarkusTestResource(JobberTestResource.class)
class ManagerTcpTransportTest {

    public static class Tcp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("manager.transport", "tcp");
        }
    }

    @Inject
    GatewayServer gateway;

    @Inject
    ManagerConfig config;

    @Test
    void aRunnerServesAGatewayCallOverTcp() {
        ManagerLinkJob job = ManagerLinkJob.publishNew("tcp");

        job.servesThrough(gateway.port());

        assertThat(Files.exists(config.socketDir().resolve("manager.sock"))).isFalse();
        assertThat(job.runner().getMounts()).noneSatisfy(mount ->
                assertThat(mount.getDestination().getPath()).isEqualTo("/jobber/manager"));
    }
}
