package dev.jobber.runner;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.SmallInstance;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RUNNER_MAX_TOTAL holds whatever the job asks for: no pool starts a runner beyond it; requests wait, then get 503;
 * a slot given back serves the next job, and an idle runner of another job gives its slot up to waiting requests.
 */
@QuarkusTest
@TestProfile(SmallInstance.class)
@QuarkusTestResource(JobberTestResource.class)
class RunnerCapTest {

    @Inject
    GatewayServer gateway;

    @Test
    void aRunOnceJobWithoutMaximumStartsNoRunnerBeyondTheInstanceCap() throws Exception {
        String name = unique("capped");
        String jobId = publishEcho(name, "run-once");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> first = send(client, name, "/echo/hang");
            CompletableFuture<HttpResponse<String>> second = send(client, name, "/echo/hang");
            await().atMost(Duration.ofSeconds(30)).until(() -> busyRunners(jobId) == 2);

            HttpResponse<String> third = send(client, name, "/echo/instance").get(60, TimeUnit.SECONDS);

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(runners(jobId)).hasSize(2);
            assertThat(containersOf(jobId)).hasSizeLessThanOrEqualTo(2);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();

            // The hanging requests end at runnerTimeout (longer than the queue wait), which also removes their runners.
            given().delete("/api/job/" + jobId).then().statusCode(200);
            assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            await().atMost(Duration.ofSeconds(30)).until(() -> containersOf(jobId).isEmpty());
        }

        String next = unique("after-cap");
        String nextId = publishEcho(next, "standard");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThat(send(client, next, "/echo/instance").get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        given().delete("/api/job/" + nextId).then().statusCode(200);
    }

    @Test
    void anIdleRunnerOfAnotherJobGivesItsSlotToAJobWhoseRequestsWait() throws Exception {
        String first = unique("warm-a");
        String second = unique("warm-b");
        String firstId = publishWarm(first);
        String secondId = publishWarm(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(firstId) + ready(secondId) == SmallInstance.MAX_RUNNERS);

        String waiting = unique("waiting");
        String waitingId = publishEcho(waiting, "standard");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> answer = send(client, waiting, "/echo/instance").get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        assertThat(ready(firstId) + ready(secondId)).isEqualTo(SmallInstance.MAX_RUNNERS - 1);
        for (String jobId : List.of(firstId, secondId, waitingId)) {
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    private String publishWarm(String name) {
        return publish(job(name, "1.0.0").file("index.js", Functions.echo("v1")).manifest(m -> {
            m.with("action").put("runnerMinCount", 1).put("runnerMaxCount", 1);
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
    }

    private static long ready(String jobId) {
        return runners(jobId).stream().filter(r -> "ready".equals(r.get("status"))).count();
    }

    private String publishEcho(String name, String mode) {
        return publish(job(name, "1.0.0").file("index.js", Functions.echo("v1")).manifest(m -> {
            m.with("action").put("runnerMode", mode).put("runnerMaxCount", mode.equals("run-once") ? 0 : 1)
                    .put("runnerMinCount", 0).put("runnerAsynchronous", false).put("runnerTimeout", 30);
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
    }

    private CompletableFuture<HttpResponse<String>> send(HttpClient client, String name, String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Host", name + ".test").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<String, Object>> runners(String jobId) {
        return given().get("/api/job/" + jobId + "/runners").then().statusCode(200).extract().path("data");
    }

    private static long busyRunners(String jobId) {
        return runners(jobId).stream().filter(r -> ((Number) r.get("requestsProcessing")).intValue() == 1).count();
    }

    private static List<Container> containersOf(String jobId) {
        return TestDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("jobber.job", jobId)).exec();
    }
}
