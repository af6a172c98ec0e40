package dev.jobber.runner.container;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's Docker arguments, where the operator allows them, reach its real running container. */
@QuarkusTest
@TestProfile(DockerArgumentsContainerTest.ArgumentsAllowed.class)
@QuarkusTestResource(JobberTestResource.class)
class DockerArgumentsContainerTest {

    /** Every kind but volumes and networks allowed, passthrough switched on. */
    public static class ArgumentsAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runner.allow-docker-argument-types", "labels,memoryLimit,directPassthroughArguments",
                    "runner.allow-argument-direct-passthrough", "true");
        }
    }

    private static final String REPORT = """
            const fs = require('fs');
            module.exports.handler = async (request, response) => response.json({
              greeting: process.env.GREETING ?? null,
              hosts: fs.readFileSync('/etc/hosts', 'utf8'),
            });
            """;

    @Inject
    GatewayServer gateway;

    @Test
    void publishedMemoryCpusEnvLabelsAndHostsReachTheRunningContainer() {
        String name = unique("arguments");
        String jobId = publish(job(name, "1.0.0").file("index.js", REPORT).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("hostname", name + ".test");
            var docker = m.with("action").putObject("runnerDockerArguments");
            docker.putArray("labels").addObject().put("key", "team").put("value", "ops");
            docker.putArray("directPassthroughArguments").add("--memory=256m").add("--cpus").add("0.5")
                    .add("--pids-limit").add("64").add("-e").add("GREETING=hello").add("--label=tier=web")
                    .add("--add-host").add("db.internal:10.1.2.3").add("--ulimit").add("nofile=512");
        }).zip()).statusCode(200).extract().path("data.job.id");
        try {
            JsonPath answer = given().header("Host", name + ".test")
                    .get("http://127.0.0.1:" + gateway.port() + "/").then().statusCode(200).extract().jsonPath();
            assertThat(answer.getString("greeting")).isEqualTo("hello");
            assertThat(answer.getString("hosts")).contains("10.1.2.3").contains("db.internal");

            InspectContainerResponse inspected = runnerContainer(jobId);
            HostConfig host = inspected.getHostConfig();
            assertThat(host.getMemory()).isEqualTo(256L << 20);
            assertThat(host.getMemorySwap()).isEqualTo(256L << 20);
            assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
            assertThat(host.getPidsLimit()).isEqualTo(64L);
            assertThat(host.getUlimits()).extracting(Ulimit::getName, Ulimit::getSoftLong)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("nofile", 512L));
            assertThat(inspected.getConfig().getEnv()).contains("GREETING=hello");
            assertThat(inspected.getConfig().getLabels()).containsEntry("team", "ops").containsEntry("tier", "web")
                    .containsEntry(ContainerSpecs.LABEL_JOB, jobId);
            assertThat(inspected.getConfig().getUser()).isEqualTo("1000:1000");
            assertThat(host.getCapDrop()).isNotEmpty();
        } finally {
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aLimitBeyondTheOperatorsIsRefusedAtPublishAndNothingIsStored() {
        String name = unique("beyond");
        publish(job(name, "1.0.0").manifest(m -> m.with("action").putObject("runnerDockerArguments")
                .putArray("directPassthroughArguments").add("--memory").add("4g")).zip())
                .statusCode(400)
                .body(containsString("--memory"))
                .body(containsString("RUNNER_MEMORY_LIMIT"));
        given().get("/api/job/").then().statusCode(200)
                .body("data.jobName", not(hasItem(name)));
    }

    @Test
    void aPassthroughFlagThatWouldWeakenTheRunnerIsRefusedAtPublishNamingIt() {
        for (List<String> flags : List.of(List.of("--user", "0:0"), List.of("--privileged"),
                List.of("--cap-add=SYS_ADMIN"), List.of("-v", "/:/host"), List.of("--network", "host"))) {
            String name = unique("weaken");
            publish(job(name, "1.0.0").manifest(m -> {
                var passthrough = m.with("action").putObject("runnerDockerArguments")
                        .putArray("directPassthroughArguments");
                flags.forEach(passthrough::add);
            }).zip())
                    .statusCode(400)
                    .body("success", equalTo(false))
                    .body("errors[0].field", equalTo("action.runnerDockerArguments.directPassthroughArguments[0]"))
                    .body("errors[0].message", containsString("\"" + flags.get(0).split("=")[0] + "\" is refused"));
            given().get("/api/job/").then().statusCode(200).body("data.jobName", not(hasItem(name)));
        }
    }

    private static InspectContainerResponse runnerContainer(String jobId) {
        List<Container> containers = TestDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSpecs.LABEL_JOB, jobId)).exec();
        assertThat(containers).isNotEmpty();
        return TestDocker.client().inspectContainerCmd(containers.get(0).getId()).exec();
    }
}
