package dev.jobber.runner;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
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
        String name = unique("nonet");
        String jobId = publish(job(name, "1.0.0").file("index.js", """
                module.exports.handler = async (req, res, context) => {
                  await context.setStore('k', 'stored');
                  const item = await context.getStore('k');
                  res.text(item.value);
                };
                """).manifest(m -> {
                    m.withArray("triggers").removeAll();
                    m.withArray("triggers").addObject().put("type", "http").put("path", "^/" + name + "$");
                }).zip()).statusCode(200).extract().path("data.job.id");

        given().get("http://127.0.0.1:" + gateway.port() + "/" + name).then().statusCode(200)
                .body(equalTo("stored"));

        List<Container> runners = TestDocker.client().listContainersCmd()
                .withLabelFilter(Map.of("jobber.job", jobId)).exec();
        assertThat(runners).hasSize(1);
        InspectContainerResponse runner = TestDocker.client().inspectContainerCmd(runners.get(0).getId()).exec();
        assertThat(runner.getHostConfig().getNetworkMode()).isEqualTo("none");
        assertThat(runner.getMounts()).anySatisfy(mount -> {
            assertThat(mount.getDestination().getPath()).isEqualTo("/jobber/manager");
            assertThat(mount.getRW()).isFalse();
        });
    }
}
