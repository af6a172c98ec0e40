package dev.jobber.metrics;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics}, the overview and per-job series, with functions invoked through the gateway in real runners. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class MetricsTest {

    @Inject
    GatewayServer gateway;

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    /** The echo function under {@code name}, answering {@code /echo/…} for the host {@code <name>.test}. */
    private static String publishEcho(String name, Consumer<ObjectNode> manifest) {
        return publish(job(name, "1.0.0").file("index.js", Functions.echo("v1")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
            manifest.accept(m);
        }).zip()).statusCode(200).extract().path("data.job.id");
    }

    private static PrometheusText scrape() {
        return new PrometheusText(given().get("/api/metrics").then().statusCode(200)
                .contentType(startsWith("text/plain; version=0.0.4")).extract().asString());
    }

    private static Map<String, String> labels(String name, String jobId, String... more) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("job_name", name, "job_id", jobId,
                "version", "1.0.0"));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels;
    }

    @Test
    void countsGatewayRequestsWithBoundedLabelsColdStartsApartAndDurationsInSeconds() {
        String name = unique("metered");
        String jobId = publishEcho(name, m -> m.with("action").put("runnerMinCount", 0));
        String host = name + ".test";

        given().header("Host", host).get(url("/echo/sleep?ms=200")).then().statusCode(200);
        given().header("Host", host).get(url("/echo/status")).then().statusCode(418);
        given().header("Host", host).post(url("/echo/status")).then().statusCode(418);

        PrometheusText metrics = scrape();
        assertThat(metrics.value("jobber_trigger_http_total", labels(name, jobId, "request_method", "GET",
                "request_host", host, "status_code", "200"))).contains(1.0);
        assertThat(metrics.value("jobber_trigger_http_total", labels(name, jobId, "request_method", "GET",
                "request_host", host, "status_code", "418"))).contains(1.0);
        assertThat(metrics.value("jobber_trigger_http_total", labels(name, jobId, "request_method", "POST",
                "request_host", host, "status_code", "418"))).contains(1.0);
        assertThat(metrics.value("jobber_runner_requests_total", labels(name, jobId, "trigger_type", "http",
                "success", "1"))).contains(3.0);
        // The first request waited for the runner it started; the other two found it warm.
        assertThat(metrics.value("jobber_runner_cold_starts_total", labels(name, jobId, "trigger_type", "http")))
                .contains(1.0);
        assertThat(metrics.value("jobber_runner_queue_wait_duration_count", labels(name, jobId,
                "trigger_type", "http"))).contains(3.0);
        assertThat(metrics.value("jobber_runner_request_duration_count", labels(name, jobId,
                "trigger_type", "http"))).contains(3.0);
        // Seconds: the 200 ms request alone adds 0.2 (in milliseconds it would be at least 200).
        assertThat(metrics.value("jobber_runner_request_duration_sum", labels(name, jobId, "trigger_type", "http"))
                .orElseThrow()).isBetween(0.2, 100.0);
        assertThat(metrics.value("jobber_runner_request_duration_bucket", labels(name, jobId,
                "trigger_type", "http", "le", "+Inf"))).contains(3.0);
        assertThat(metrics.types).containsEntry("jobber_runner_request_duration", "histogram")
                .containsEntry("jobber_runner_startup_duration", "histogram")
                .containsEntry("jobber_runner_queue_wait_duration", "histogram")
                .containsEntry("jobber_trigger_http_total", "counter")
                .containsEntry("jobber_active_runners", "gauge");
        assertThat(metrics.value("jobber_runner_startup_duration_count", labels(name, jobId))).contains(1.0);
        assertThat(metrics.value("jobber_runner_startup_duration_sum", labels(name, jobId)).orElseThrow())
                .isBetween(0.0, 100.0);
        assertThat(metrics.value("jobber_active_runners", labels(name, jobId))).contains(1.0);
        // No label carries the request path.
        assertThat(metrics.samples).noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("/echo")));
        // JVM and process metrics beside them, and the application's own.
        assertThat(metrics.types).containsKeys("jvm_memory_used_bytes", "process_cpu_usage", "jobber_app_info",
                "jobber_log_lines_dropped_total");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText later = scrape();
            assertThat(later.value("jobber_jobs_info", Map.of("job_name", name, "job_id", jobId,
                    "status", "enabled"))).contains(1.0);
            assertThat(later.value("jobber_job_store", labels(name, jobId))).contains(0.0);
        });
    }
}
