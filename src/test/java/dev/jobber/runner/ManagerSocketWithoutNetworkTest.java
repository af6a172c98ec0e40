package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runners without any network: the manager's Unix domain socket, mounted read-only, is all they need. */
@QuarkusTest
@TestProfile(ManagerSocketWithoutNetworkTest.NoNetwork.class)
@QuarkusTestResource(JobberTestResource.class)
class ManagerSocketWithoutNetworkTest {

    public static class NoNetwork implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runner.container-docker-network", "none");
        }
    }

    @Inject
    GatewayServer gateway;

    @Test
    void aRunnerOnNetworkNoneServesAGatewayCallThroughTheSocket() {
        ManagerLinkJob job = ManagerLinkJob.publishNew("nonet");

        job.servesThrough(gateway.port());

        InspectContainerResponse runner = job.runner();
        assertThat(runner.getHostConfig().getNetworkMode()).isEqualTo("none");
        assertThat(runner.getMounts()).anySatisfy(mount -> {
            assertThat(mount.getDestination().getPath()).isEqualTo("/jobber/manager");
            assertThat(mount.getRW()).isFalse();
        });
    }
}
