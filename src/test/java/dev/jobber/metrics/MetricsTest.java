package dev.jobber.metrics;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.publishEcho;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.Mosquitto;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics}, the overview and per-job series, with functions invoked in real runners. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class MetricsTest {

    @Inject
    GatewayServer gateway;

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
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

    @Test
    void overviewCountsRunnersByStateTheirLoadAndJobsByStatus() throws Exception {
        String name = unique("overview");
        String jobId = publishEcho(name, m -> { });
        String disabledId = publishEcho(unique("disabled"), m -> m.with("action").put("runnerMinCount", 0));
        given().contentType("application/json").body("{\"status\":\"disabled\"}").put("/api/job/" + disabledId)
                .then().statusCode(200);
        long before = Instant.now().getEpochSecond();

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(HttpRequest.newBuilder(
                    URI.create(url("/echo/hang"))).header("Host", name + ".test").build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/job/" + jobId + "/runners")
                    .then().extract().<Integer>path("data[0].requestsProcessing") == Integer.valueOf(1));

            Map<String, Object> data = given().get("/api/metrics/overview").then().statusCode(200)
                    .body("success", equalTo(true)).extract().path("data");
            @SuppressWarnings("unchecked")
            Map<String, Number> runners = (Map<String, Number>) data.get("runnerMetrics");
            @SuppressWarnings("unchecked")
            Map<String, Number> jobs = (Map<String, Number>) data.get("jobsMetrics");
            assertThat(runners.get("runnersLoadTotal").longValue()).isGreaterThanOrEqualTo(1);
            assertThat(runners.get("runnersReady").intValue()).isGreaterThanOrEqualTo(1);
            assertThat(runners.get("runnersTotal").intValue()).isEqualTo(runners.get("runnersStarting").intValue()
                    + runners.get("runnersReady").intValue() + runners.get("runnersClosing").intValue()
                    + runners.get("runnersClosed").intValue());
            assertThat(runners.get("runnersLoadAverage").doubleValue()).isCloseTo(
                    runners.get("runnersLoadTotal").doubleValue() / runners.get("runnersTotal").intValue(),
                    within(1e-6));
            assertThat(runners.get("lastRequestAt").longValue()).isGreaterThanOrEqualTo(before);
            List<String> allJobs = given().get("/api/job").then().extract().path("data.id");
            assertThat(jobs.get("jobsTotal").intValue()).isEqualTo(allJobs.size())
                    .isEqualTo(jobs.get("jobsEnabled").intValue() + jobs.get("jobsDisabled").intValue());
            assertThat(jobs.get("jobsDisabled").intValue()).isGreaterThanOrEqualTo(1);
            assertThat(((Number) data.get("uptime")).longValue()).isPositive();

            String runnerId = given().get("/api/job/" + jobId + "/runners").then().extract().path("data[0].id");
            given().delete("/api/job/" + jobId + "/runners/" + runnerId + "?forceful=true").then().statusCode(200);
            assertThat(hanging.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(502);
        }
        assertThat(scrape().value("jobber_runner_requests_total", labels(name, jobId, "trigger_type", "http",
                "success", "0"))).contains(1.0);
    }

    @Test
    void servesEachJobsRecentSeriesForThePanel() {
        String name = unique("series");
        String jobId = publishEcho(name, m -> { });
        given().header("Host", name + ".test").get(url("/echo/status")).then().statusCode(418);
        given().header("Host", name + ".test").get(url("/echo/status")).then().statusCode(418);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Map<String, Object>> series = given().get("/api/job/" + jobId + "/metrics/trigger_http_total/latest")
                    .then().statusCode(200).body("success", equalTo(true)).extract().path("data");
            assertThat(series).extracting(s -> s.get("label")).containsExactly("418 GET " + name + ".test");
            assertThat(total(series.getFirst())).isEqualTo(2.0);
        });
        List<Map<String, Object>> requests = given().get("/api/job/" + jobId
                + "/metrics/runner_requests_total/1.0.0?duration=60").then().statusCode(200).extract().path("data");
        // Both outcomes' counters exist once the first event was handled, as in Prometheus.
        assertThat(requests).extracting(s -> s.get("label")).containsExactly("http, status 0", "http, status 1");
        assertThat(total(requests.get(0))).isEqualTo(0.0);
        assertThat(total(requests.get(1))).isEqualTo(2.0);
        given().get("/api/job/" + jobId + "/metrics/runner_request_duration/latest").then().statusCode(200)
                .body("data[0].label", equalTo(name + " @ 1.0.0"))
                .body("data[0].values[0].timestamp", org.hamcrest.Matchers.greaterThan(0));
        given().get("/api/job/" + jobId + "/metrics/active_runners/latest").then().statusCode(200)
                .body("data[0].values.value", hasItem(1.0f));
        given().get("/api/job/" + jobId + "/metrics/job_store/latest").then().statusCode(200)
                .body("data[0].values.value", hasItem(0.0f));
        given().get("/api/job/" + jobId + "/metrics/trigger_cron_total/9.9.9").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.empty());
    }

    @Test
    void chartsDurationQuantilesColdStartsAndTheQueueWaitOfARequestThatFoundNoRunner() {
        String name = unique("quantiles");
        String jobId = publishEcho(name, m -> m.with("action").put("runnerMinCount", 0));
        String base = "/api/job/" + jobId + "/metrics/";
        String q = name + " @ 1.0.0, quantile=";
        for (int ms : new int[] {10, 20, 50, 300}) {
            given().header("Host", name + ".test").get(url("/echo/sleep?ms=" + ms)).then().statusCode(200);
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Map<String, Object>> cold = given().get(base + "runner_cold_starts/latest").then().statusCode(200)
                    .extract().path("data");
            // The first request arrived with no runner and waited for it to start; the others found it ready.
            assertThat(cold).extracting(s -> s.get("label")).containsExactly("http");
            assertThat(total(cold.getFirst())).isEqualTo(1.0);

            List<Map<String, Object>> wait = given().get(base + "runner_queue_wait/latest").then().statusCode(200)
                    .extract().path("data");
            assertThat(wait).extracting(s -> s.get("label")).containsExactly(name + " @ 1.0.0", q + "\"0.5\"",
                    q + "\"0.95\"", q + "\"0.99\"");
            assertThat(max(wait.get(3))).isGreaterThan(0.0);

            List<Map<String, Object>> duration = given().get(base + "runner_request_duration/latest").then()
                    .statusCode(200).extract().path("data");
            assertThat(duration).extracting(s -> s.get("label")).containsExactly(name + " @ 1.0.0",
                    q + "\"0.5\"", q + "\"0.95\"", q + "\"0.99\"");
            Map<Number, Number> p50 = byTime(duration.get(1));
            Map<Number, Number> p95 = byTime(duration.get(2));
            Map<Number, Number> p99 = byTime(duration.get(3));
            assertThat(p50).isNotEmpty().containsOnlyKeys(p99.keySet());
            p50.forEach((at, value) -> {
                assertThat(value.doubleValue()).isGreaterThan(0).isLessThanOrEqualTo(p95.get(at).doubleValue());
                assertThat(p95.get(at).doubleValue()).isLessThanOrEqualTo(p99.get(at).doubleValue());
            });
            // The 300 ms request is above the 0.25 s bucket, so the highest quantile of its step is too.
            assertThat(max(duration.get(3))).isGreaterThan(0.25);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<Number, Number> byTime(Map<String, Object> series) {
        Map<Number, Number> points = new java.util.HashMap<>();
        for (Map<String, Number> p : (List<Map<String, Number>>) series.get("values")) {
            points.put(p.get("timestamp"), p.get("value"));
        }
        return points;
    }

    @SuppressWarnings("unchecked")
    private static double max(Map<String, Object> series) {
        return ((List<Map<String, Number>>) series.get("values")).stream()
                .mapToDouble(p -> p.get("value").doubleValue()).max().orElse(0);
    }

    @SuppressWarnings("unchecked")
    private static double total(Map<String, Object> series) {
        return ((List<Map<String, Number>>) series.get("values")).stream()
                .mapToDouble(p -> p.get("value").doubleValue()).sum();
    }

    @Test
    void refusesUnknownMetricsAndDurationsAndUnknownJobs() {
        String jobId = publishEcho(unique("invalid"), m -> m.with("action").put("runnerMinCount", 0));
        given().get("/api/job/" + jobId + "/metrics/cpu/latest").then().statusCode(400)
                .body("success", equalTo(false)).body("errors.field", hasItem("metric"))
                .body("message", containsString("runner_request_duration"))
                .body(containsString("runner_queue_wait")).body(containsString("runner_cold_starts"));
        for (String duration : List.of("0", "10001", "abc", "1.5")) {
            given().get("/api/job/" + jobId + "/metrics/active_runners/latest?duration=" + duration).then()
                    .statusCode(400).body("errors.field", hasItem("duration"));
        }
        given().get("/api/job/" + jobId + "/metrics/active_runners/latest?duration=10000").then().statusCode(200);
        given().get("/api/job/" + java.util.UUID.randomUUID() + "/metrics/active_runners/latest").then()
                .statusCode(404).body("success", equalTo(false));
        given().get("/api/job/nope/metrics/cpu/latest?duration=0").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("jobId", "metric", "duration"));
    }

    @Test
    void removesTheSeriesOfADeletedJob() {
        String name = unique("deleted");
        String jobId = publishEcho(name, m -> { });
        given().header("Host", name + ".test").get(url("/echo/status")).then().statusCode(418);
        await().atMost(Duration.ofSeconds(10)).until(() -> !scrape().find("jobber_jobs_info",
                Map.of("job_id", jobId)).isEmpty());

        given().delete("/api/job/" + jobId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape().samples)
                .noneMatch(s -> jobId.equals(s.labels().get("job_id"))));
    }

    @Test
    void countsScheduleTicksByOutcome() {
        String name = unique("ticking");
        String jobId = publish(job(name, "1.0.0")
                .file("index.js", "exports.handlerSchedule = async () => {};\n")
                .manifest(m -> {
                    m.withArray("triggers").removeAll();
                    m.withArray("triggers").addObject().put("type", "schedule").put("cron", "* * * * * *");
                }).zip()).statusCode(200).extract().path("data.job.id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusText metrics = scrape();
            assertThat(metrics.value("jobber_trigger_cron_total", labels(name, jobId, "success", "1")).orElse(0.0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.value("jobber_runner_requests_total", labels(name, jobId, "trigger_type", "schedule",
                    "success", "1")).orElse(0.0)).isGreaterThanOrEqualTo(1);
        });
        given().delete("/api/job/" + jobId).then().statusCode(200);
    }

    @Test
    void countsMqttMessagesAndThePublishesOfTheirFunction() {
        try (Mosquitto broker = Mosquitto.start()) {
            String name = unique("mqtt-metered");
            String jobId = publish(job(name, "1.0.0").file("index.js", Functions.source("mqtt.js")).manifest(m -> {
                m.withArray("triggers").removeAll();
                ObjectNode trigger = m.withArray("triggers").addObject().put("type", "mqtt").put("name", "sensor");
                trigger.putArray("topics").add("in/+");
                trigger.putObject("connection").put("host", "127.0.0.1").put("port", broker.port());
            }).zip()).statusCode(200).extract().path("data.job.id");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                String triggerId = given().get("/api/job/" + jobId + "/triggers:current").then().extract()
                        .path("data[0].id");
                return "healthy".equals(given().get("/api/job/" + jobId + "/triggers/" + triggerId + "/status")
                        .then().extract().path("data.status"));
            });
            Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(unique("test"))
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
            client.connect();
            for (String topic : List.of("in/a", "in/b", "in/a")) {
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("x".getBytes(StandardCharsets.UTF_8)).send();
            }
            client.disconnect();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PrometheusText metrics = scrape();
                assertThat(metrics.value("jobber_trigger_mqtt_total", labels(name, jobId, "success", "1")))
                        .contains(3.0);
                assertThat(metrics.value("jobber_trigger_mqtt_publish_total", labels(name, jobId,
                        "topic", "out/in/a"))).contains(2.0);
                assertThat(metrics.value("jobber_trigger_mqtt_publish_total", labels(name, jobId,
                        "topic", "out/in/b"))).contains(1.0);
                assertThat(metrics.value("jobber_runner_requests_total", labels(name, jobId, "trigger_type", "mqtt",
                        "success", "1"))).contains(3.0);
            });
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }
}
