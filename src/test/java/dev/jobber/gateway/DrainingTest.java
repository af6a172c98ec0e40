package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TickRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request already running when its job changes is answered by the version it started on. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class DrainingTest {

    @Inject
    GatewayServer gateway;

    private static byte[] echo(String name, String version, String label) {
        return job(name, version).file("index.js", Functions.echo(label)).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
        }).zip();
    }

    /** Publishes v1, holds a request in it, applies {@code change}, then lets the request finish. */
    private HttpResponse<String> heldAcross(String name, String jobId, Runnable change) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                TickRecorder gate = new TickRecorder()) {
            CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + gateway.port() + "/echo/version?until=" + gate.releasedUrl()))
                    .header("Host", name + ".test").build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/job/" + jobId + "/runners")
                    .then().extract().<Integer>path("data[0].requestsProcessing") == 1);
            change.run();
            gate.release();
            return held.get(30, TimeUnit.SECONDS);
        }
    }

    private void call(String name, int status, String body) {
        var response = given().header("Host", name + ".test")
                .get("http://127.0.0.1:" + gateway.port() + "/echo/version").then().statusCode(status);
        if (body != null) {
            response.body(equalTo(body));
        }
    }

    @Test
    void activatingAnotherVersionLetsARunningRequestFinishOnTheOldOne() throws Exception {
        String name = unique("drain-activate");
        String jobId = publish(echo(name, "1.0.0", "v1")).statusCode(200).extract().path("data.job.id");
        String v2 = publish(echo(name, "2.0.0", "v2"), "?allowAutomaticRollout=false").statusCode(200)
                .extract().path("data.version.id");
        call(name, 200, "v1");

        HttpResponse<String> answer = heldAcross(name, jobId, () -> {
            given().contentType("application/json").body("{\"jobVersionId\":\"" + v2 + "\"}")
                    .put("/api/job/" + jobId).then().statusCode(200);
            call(name, 200, "v2");
        });
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("v1");
        given().delete("/api/job/" + jobId).then().statusCode(200);
    }

    @Test
    void disablingAJobLetsARunningRequestFinish() throws Exception {
        String name = unique("drain-disable");
        String jobId = publish(echo(name, "1.0.0", "v1")).statusCode(200).extract().path("data.job.id");
        call(name, 200, "v1");

        HttpResponse<String> answer = heldAcross(name, jobId, () -> {
            given().contentType("application/json").body("{\"status\":\"disabled\"}").put("/api/job/" + jobId)
                    .then().statusCode(200);
            call(name, 404, null);
        });
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("v1");
    }

    @Test
    void deletingAJobLetsARunningRequestFinish() throws Exception {
        String name = unique("drain-delete");
        String jobId = publish(echo(name, "1.0.0", "v1")).statusCode(200).extract().path("data.job.id");
        call(name, 200, "v1");

        HttpResponse<String> answer = heldAcross(name, jobId, () -> {
            given().delete("/api/job/" + jobId).then().statusCode(200);
            call(name, 404, null);
        });
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("v1");
    }
}
