package dev.jobber.logs.loki;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobber with {@code LOG_DRIVER=loki} against {@link FakeLoki}: runner output reaches Loki and the logs API reads it. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
@TestProfile(LokiDriverTest.Loki.class)
class LokiDriverTest {

    static volatile FakeLoki loki;

    public static final class Loki implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeLokiResource.class));
        }
    }

    public static final class FakeLokiResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                loki = new FakeLoki();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("log.driver", "loki", "log.driver-loki-push", loki.pushUrl(),
                    "log.driver-loki-query", loki.queryUrl());
        }

        @Override
        public void stop() {
            try {
                loki.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    GatewayServer gateway;

    @Test
    void pushesRunnerOutputToLokiAndReadsItBackThroughTheLogsApi() {
        String name = unique("loki");
        String jobId = publish(job(name, "1.0.0").file("index.js", Functions.source("logs.js")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/logs/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
        String requestId = given().header("Host", name + ".test")
                .get("http://127.0.0.1:" + gateway.port() + "/logs/print?text=Via-Loki").then().statusCode(200)
                .extract().header("X-Jobber-Request-Id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(given()
                .get("/api/job/" + jobId + "/logs?requestId=" + requestId).then().statusCode(200).extract()
                .<List<String>>path("data.message")).containsExactly("Via-Loki"));
        assertThat(given().get("/api/job/" + jobId + "/logs?q=via-loki").then().statusCode(200).extract()
                .<List<String>>path("data.source")).containsExactly("runner");
        assertThat(given().get("/api/job/" + jobId + "/logs?q=started").then().statusCode(200).extract()
                .<List<String>>path("data.message")).singleElement().asString().startsWith("[SYSTEM] Runner ");
        assertThat(loki.entries).anySatisfy(e -> assertThat(e.labels()).containsEntry("jobberJobId", jobId)
                .containsEntry("jobberSource", "runner").containsKey("jobberActionId"));
        assertThat(loki.formatErrors).isEmpty();
    }
}
