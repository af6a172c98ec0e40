package dev.jobber.runner.image;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Node 24 runner image cannot be provided (it is to be pulled from a registry that does not answer): its job's
 * calls get a 503 with the engine's message, its log says why, and jobs on other images are served.
 */
@QuarkusTest
@TestProfile(RunnerImageFailureTest.UnreachableRegistry.class)
class RunnerImageFailureTest {

    static final String IMAGE = "localhost:1/jobber-image-test-node24:" + UUID.randomUUID().toString().substring(0, 8);
    /** The runner image under a tag of this test's own: other tests take the shared tags away. */
    static final String NODE20 = "jobber-image-test-node20:" + UUID.randomUUID().toString().substring(0, 8);

    public static final class UnreachableRegistry implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PullsNode24.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static final class PullsNode24 extends JobberTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            config.put("runner.image-build", "dockerfile");
            config.put("runner.image-pull", "true");
            config.put("runner.image-node24-url", IMAGE);
            TestDocker.tagRunnerImage(NODE20);
            config.put("runner.image-node20-url", NODE20);
            return config;
        }

        @Override
        public void stop() {
            super.stop();
            TestDocker.removeImage(NODE20);
        }
    }

    @Inject
    GatewayServer gateway;

    @Test
    void aJobWhoseImageCannotBeProvidedGets503WithTheEnginesMessageAndOtherJobsAreServed() {
        Job broken = publishEcho(24);
        Job healthy = publishEcho(20);

        Response answer = call(broken);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body().asString()).contains("Runner image " + IMAGE + " could not be pulled")
                .contains("connection refused");
        given().queryParam("q", "could not be pulled").get("/api/job/" + broken.id() + "/logs").then().statusCode(200)
                .body("data.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("data[0].message", containsString("failed to start"));

        assertThat(call(healthy).statusCode()).isEqualTo(200);
        given().get("/api/config").then().statusCode(200)
                .body("data.images.find { it.nodeMajor == 24 }.image", equalTo(IMAGE))
                .body("data.images.find { it.nodeMajor == 24 }.state", equalTo("failed"))
                .body("data.images.find { it.nodeMajor == 24 }.message", containsString("connection refused"))
                .body("data.images.find { it.nodeMajor == 24 }.since", org.hamcrest.Matchers.greaterThan(0L))
                .body("data.images.find { it.nodeMajor == 20 }.state", equalTo("present"));
    }

    private record Job(String name, String id) {
    }

    private Response call(Job job) {
        return given().header("Host", job.name() + ".test").get("http://127.0.0.1:" + gateway.port() + "/echo/version");
    }

    private static Job publishEcho(int nodeMajor) {
        String name = unique("image-node" + nodeMajor);
        return new Job(name, publish(job(name, "1.0.0").file("index.js", Functions.echo("served")).manifest(m -> {
            m.putObject("engines").put("node", String.valueOf(nodeMajor));
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("hostname", name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id"));
    }
}
