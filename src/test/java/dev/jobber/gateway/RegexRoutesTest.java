package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HTTP triggers whose path is a regular expression: matching is bounded and never stalls the server. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class RegexRoutesTest {

    /** Unbounded, matching this against forty {@code a}s and a {@code !} takes minutes; a hundred, hours. */
    private static final String CATASTROPHIC = "^/(.*a){12}$";
    private static final String FUNCTION = """
            module.exports.handler = async (request, response) => response.text('matched ' + request.path().length);
            """;

    @Inject
    GatewayServer gateway;

    @TestHTTPResource("/")
    URI admin;

    private String jobId;

    /** Publishes the function under a fresh name, with a trigger per path for the host {@code <name>.test}. */
    private String publishFunction(String... paths) {
        String name = unique("regex");
        jobId = publish(job(name, "1.0.0").file("index.js", FUNCTION).manifest(m -> {
            m.withArray("triggers").removeAll();
            for (String path : paths) {
                m.withArray("triggers").addObject().put("type", "http").put("path", path)
                        .put("hostname", name + ".test");
            }
        }).zip()).statusCode(200).extract().path("data.job.id");
        return name;
    }

    private HttpRequest get(String name, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Host", name + ".test").timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void catastrophicPatternsAreRefusedQuicklyWhileTheAdminApiStaysResponsive() throws Exception {
        String name = publishFunction(CATASTROPHIC, "^/fine/");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            List<CompletableFuture<HttpResponse<String>>> attacks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                attacks.add(client.sendAsync(get(name, "/" + "a".repeat(40) + "!"),
                        HttpResponse.BodyHandlers.ofString()));
            }

            HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(admin.resolve("/api/job/"))
                    .header("Authorization", "Bearer " + TestAdmin.token(admin)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> attack : attacks) {
                assertThat(attack.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
            }
            HttpResponse<String> fine = client.send(get(name, "/fine/path"), HttpResponse.BodyHandlers.ofString());
            assertThat(fine.statusCode()).isEqualTo(200);
            assertThat(fine.body()).isEqualTo("matched 10");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(given().get("/api/job/" + jobId
                + "/logs").then().statusCode(200).extract().<List<String>>path("data.message"))
                .anyMatch(line -> line.startsWith("[SYSTEM] Gave up matching") && line.contains(CATASTROPHIC)));
    }

    @Test
    void pathsUpTo8KibAreMatchedAndLongerOnesAnswer414() throws Exception {
        String name = publishFunction("^/long/");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String sixKib = "/long/" + "b".repeat(6 * 1024);
            HttpResponse<String> matched = client.send(get(name, sixKib), HttpResponse.BodyHandlers.ofString());
            assertThat(matched.statusCode()).isEqualTo(200);
            assertThat(matched.body()).isEqualTo("matched " + sixKib.length());

            HttpResponse<String> tooLong = client.send(get(name, "/long/" + "b".repeat(9 * 1024)),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tooLong.statusCode()).isEqualTo(414);
        }
    }
}
