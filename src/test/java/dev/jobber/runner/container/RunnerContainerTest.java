package dev.jobber.runner.container;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.jobber.runner.container.ContainerSpecs;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a runner's container lets a function do: real containers, inspected through the engine. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class RunnerContainerTest {

    @Inject
    GatewayServer gateway;

    private String name;

    private String publishFiles() {
        name = unique("files");
        return publish(job(name, "1.0.0").file("index.js", Functions.source("files.js")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/files/").put("hostname",
                    name + ".test");
            var docker = m.with("action").putObject("runnerDockerArguments");
            docker.putArray("labels").addObject().put("key", "user").put("value", "root");
            // Passthrough is off on this instance: accepted at publish and ignored at run.
            docker.putArray("directPassthroughArguments").add("--user").add("0:0").add("--privileged");
        }).zip()).statusCode(200).extract().path("data.job.id");
    }

    private JsonPath write(String path, long bytes) {
        return given().header("Host", name + ".test").queryParam("path", path).queryParam("bytes", bytes)
                .get("http://127.0.0.1:" + gateway.port() + "/files/write").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void aFunctionWritesOnlyIntoASizeCappedTmp() {
        publishFiles();
        assertThat(write("/tmp/note.txt", 5).getInt("ok")).isEqualTo(5);
        assertThat(write("/tmp/big.bin", 4 * 1024 * 1024).getInt("ok")).isEqualTo(4 * 1024 * 1024);
        assertThat(write("/tmp/huge.bin", 32 * 1024 * 1024).getString("error")).isEqualTo("ENOSPC");
        for (String outside : List.of("/note.txt", "/jobber/job/note.txt", "/jobber/job/index.js",
                "/jobber/run/note.txt", "/jobber/runner/runner.js", "/etc/passwd")) {
            assertThat(write(outside, 5).getString("error")).as(outside).isIn("EROFS", "EACCES");
        }
    }

    @Test
    void theRunnerContainerIsReadOnlyLimitedAndUnprivilegedWhateverTheJobAsks() {
        String jobId = publishFiles();
        write("/tmp/warm", 1);
        String runnerId = given().get("/api/job/" + jobId + "/runners").then().statusCode(200).extract()
                .path("data[0].id");
        List<Container> containers = TestDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSpecs.LABEL_RUNNER, runnerId)).exec();
        assertThat(containers).hasSize(1);
        var inspected = TestDocker.client().inspectContainerCmd(containers.get(0).getId()).exec();
        HostConfig host = inspected.getHostConfig();
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsKey("/tmp");
        assertThat(host.getTmpFs().get("/tmp")).contains("size=16777216");
        assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(host.getUlimits()).extracting(Ulimit::getName).contains("nofile");
        assertThat(inspected.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(host.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void aMemoryLimitBelowTheMinimumIsRefusedAtPublish() {
        for (String limit : List.of("0m", "0", "16m", "1k")) {
            publish(job(unique("memory"), "1.0.0").manifest(m -> m.with("action").putObject("runnerDockerArguments")
                    .put("memoryLimit", limit)).zip())
                    .statusCode(400)
                    .body("success", equalTo(false))
                    .body(containsString("memoryLimit"));
        }
        publish(job(unique("memory"), "1.0.0").manifest(m -> m.with("action").putObject("runnerDockerArguments")
                .put("memoryLimit", "32m")).zip()).statusCode(200);
    }
}
