package dev.jobber.logs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.logs.postgres.LogRetentionTask;
import dev.jobber.testing.Sql;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import dev.jobber.testing.TickRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class LogResourceTest {

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Inject
    LogRetentionTask retention;

    @TestHTTPResource("/")
    URL admin;

    @ConfigProperty(name = "log.buffer-size")
    int bufferSize;

    private record Published(String name, String jobId) {
    }

    /** Publishes the logs function with one asynchronous runner and waits until it answers. */
    private Published publishLogs() {
        return publishLogs(60);
    }

    private Published publishLogs(int runnerTimeout) {
        LogsJob job = LogsJob.start(gateway, "logs", runnerTimeout);
        return new Published(job.name(), job.jobId());
    }

    private Response call(String name, String path) {
        return LogsJob.call(gateway, name, path);
    }

    private static List<Map<String, Object>> logs(String jobId, String query) {
        return given().urlEncodingEnabled(false).get("/api/job/" + jobId + "/logs" + query).then().statusCode(200)
                .body("success", equalTo(true)).extract().path("data");
    }

    private static List<String> messages(String jobId, String query) {
        return logs(jobId, query).stream().map(l -> (String) l.get("message")).toList();
    }

    @Test
    void storesEachLineWithTheRequestIdOfItsRequestEvenWhenRequestsInterleave() throws Exception {
        Published job = publishLogs();
        String requestA;
        String requestB;
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor();
                TickRecorder gate = new TickRecorder()) {
            // Both requests print their first three lines, then wait for each other: their lines interleave.
            Future<Response> a = parallel.submit(() -> call(job.name(), "/logs/interleave?tag=A&until="
                    + gate.releasedUrl()));
            Future<Response> b = parallel.submit(() -> call(job.name(), "/logs/interleave?tag=B&until="
                    + gate.releasedUrl()));
            await().atMost(Duration.ofSeconds(20)).until(() -> messages(job.jobId(), "?q=line")
                    .containsAll(List.of("A line 2", "B line 2")));
            gate.release();
            requestA = a.get(30, TimeUnit.SECONDS).then().statusCode(200).extract().header("X-Jobber-Request-Id");
            requestB = b.get(30, TimeUnit.SECONDS).then().statusCode(200).extract().header("X-Jobber-Request-Id");
        }
        assertThat(requestA).isNotNull().isNotEqualTo(requestB);

        for (var request : Map.of("A", requestA, "B", requestB).entrySet()) {
            String tag = request.getKey();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    messages(job.jobId(), "?requestId=" + request.getValue())).containsExactly(
                    tag + " after the response", tag + " on stderr", tag + " split across writes", tag + " line 4",
                    tag + " line 3", tag + " line 2", tag + " line 1", tag + " line 0"));
        }
        List<Map<String, Object>> lines = logs(job.jobId(), "?requestId=" + requestA);
        Map<String, Object> stderr = lines.get(1);
        assertThat(stderr).containsEntry("stream", "stderr").containsEntry("source", "runner")
                .containsEntry("jobId", job.jobId()).containsEntry("requestId", requestA);
        assertThat(stderr.get("runnerId")).isNotNull();
        assertThat(stderr.get("jobVersionId")).isNotNull();
        assertThat(stderr.get("actionId")).isNotNull();
        assertThat(((Number) stderr.get("created")).longValue()).isCloseTo(Instant.now().getEpochSecond(),
                within(60L));
        List<Long> sorts = lines.stream().map(l -> ((Number) l.get("sort")).longValue()).toList();
        assertThat(sorts).isSortedAccordingTo(Comparator.reverseOrder());
        // Interleaved in the job's log as printed: each request's first line is older than the other's last.
        List<String> all = messages(job.jobId(), "?q=line");
        assertThat(all.indexOf("A line 0")).isGreaterThan(all.indexOf("B line 4"));
        assertThat(all.indexOf("B line 0")).isGreaterThan(all.indexOf("A line 4"));
    }

    @Test
    void writesSystemLinesWhenARunnerStartsAndStops() {
        Published job = publishLogs();
        String runnerId = given().get("/api/job/" + job.jobId() + "/runners").then().extract().path("data[0].id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logs(job.jobId(), "?q=%5BSYSTEM%5D"))
                .anySatisfy(line -> {
                    assertThat((String) line.get("message")).startsWith("[SYSTEM] Runner " + runnerId + " started in");
                    assertThat(line).containsEntry("source", "system").containsEntry("runnerId", runnerId);
                }));

        given().delete("/api/job/" + job.jobId() + "/runners/" + runnerId + "?forceful=false").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(messages(job.jobId(), "?q=stopped"))
                .contains("[SYSTEM] Runner " + runnerId + " stopped"));
    }

    @Test
    void pagesFiltersByTextAndTimeAndRefusesMalformedParameters() {
        Published job = publishLogs();
        for (int i = 0; i < 5; i++) {
            call(job.name(), "/logs/print?text=Page-" + i).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(job.jobId(), "?q=page").size() == 5);

        List<Map<String, Object>> first = logs(job.jobId(), "?q=PAGE&limit=2");
        assertThat(first).extracting(l -> l.get("message")).containsExactly("Page-4", "Page-3");
        Object cursor = first.get(1).get("sort");
        assertThat(messages(job.jobId(), "?q=page&limit=2&before=" + cursor)).containsExactly("Page-2", "Page-1");
        long now = Instant.now().getEpochSecond();
        assertThat(messages(job.jobId(), "?q=page&from=" + (now - 120) + "&to=" + (now + 5))).hasSize(5);
        assertThat(messages(job.jobId(), "?q=page&to=" + (now - 120))).isEmpty();
        assertThat(messages(job.jobId(), "?q=page&from=" + (now + 120))).isEmpty();
        assertThat(messages(job.jobId(), "")).contains("warm", "Page-0");

        given().urlEncodingEnabled(false).get("/api/job/" + job.jobId() + "/logs?limit=1001&before=x&from=-1&requestId=nope").then()
                .statusCode(400).body("success", equalTo(false))
                .body("message", containsString("limit")).body("message", containsString("before"))
                .body("message", containsString("from")).body("message", containsString("requestId"));
        given().get("/api/job/" + job.jobId() + "/logs?from=20&to=10").then().statusCode(400);
        given().get("/api/job/" + UUID.randomUUID() + "/logs").then().statusCode(404)
                .body("success", equalTo(false));
        given().get("/api/job/" + UUID.randomUUID() + "/logs/stream").then().statusCode(404);
    }

    @Test
    void liveTailReceivesALinePrintedAfterSubscribing() throws Exception {
        Published job = publishLogs();
        List<String> received = new CopyOnWriteArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<Stream<String>>> tail = client.sendAsync(
                    HttpRequest.newBuilder(admin.toURI().resolve("/api/job/" + job.jobId() + "/logs/stream"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + TestAdmin.token(admin.toURI())).build(),
                    HttpResponse.BodyHandlers.ofLines());
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    tail.get(30, TimeUnit.SECONDS).body().forEach(received::add);
                } catch (Exception e) {
                    received.add("failed: " + e);
                }
            });
            // Subscribing completes asynchronously: print until the tail shows a line, then time the next one.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                call(job.name(), "/logs/print?text=subscribed").then().statusCode(200);
                return received.stream().anyMatch(l -> l.contains("subscribed"));
            });
            call(job.name(), "/logs/print?text=tail-check").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                    .anyMatch(l -> l.contains("tail-check")));
            String event = received.stream().filter(l -> l.contains("tail-check")).findFirst().orElseThrow();
            assertThat(event).startsWith("data:");
            JsonPath line = JsonPath.from(event.substring("data:".length()));
            assertThat(line.getString("message")).isEqualTo("tail-check");
            assertThat(line.getString("jobId")).isEqualTo(job.jobId());
            tail.cancel(true);
            reader.interrupt();
        }
    }

    @Test
    void holdsAFloodBackWhileTheWriterWaitsAndStoresEveryLineOnceItCanWrite() throws Exception {
        Published job = publishLogs();
        try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Response> flood;
            try (Connection lock = lockJob(job.jobId())) {
                flood = caller.submit(() -> call(job.name(), "/logs/flood"));
                // The job's share of the buffer fills; the rest of the flood, and the response behind it, wait.
                await().atMost(Duration.ofSeconds(30)).until(() -> metric("jobber_log_buffer_lines") >= bufferSize / 2);
                assertThat(flood.isDone()).isFalse();
                lock.rollback();
            }
            flood.get(60, TimeUnit.SECONDS).then().statusCode(200).body(equalTo("flooded"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from job_log where job_id = ? and message like 'flood %'", job.jobId()) == 20_000);
        assertThat(messages(job.jobId(), "?q=dropped")).isEmpty();
    }

    @Test
    void reportsHowManyLinesItDroppedOfARunnerKilledWhileItsOutputWasHeldBack() throws Exception {
        Published job = publishLogs(2);
        double droppedBefore = metric("jobber_log_lines_dropped_total");
        String runnerId = given().get("/api/job/" + job.jobId() + "/runners").then().extract().path("data[0].id");
        try (Connection lock = lockJob(job.jobId())) {
            call(job.name(), "/logs/burst?n=1000000").then().statusCode(504);
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/job/" + job.jobId() + "/runners")
                    .then().extract().<List<String>>path("data.id").stream().noneMatch(runnerId::equals));
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(messages(job.jobId(), "?q=dropped"))
                .singleElement().asString().matches("\\[SYSTEM] \\d+ log lines? of runner " + runnerId
                        + " (was|were) dropped: it was killed while the log buffer had no room for its output"));
        assertThat(logs(job.jobId(), "?q=dropped").getFirst()).containsEntry("runnerId", runnerId)
                .containsEntry("source", "system").containsEntry("stream", "stderr");
        long dropped = Long.parseLong(messages(job.jobId(), "?q=dropped").getFirst().split(" ")[1]);
        assertThat(metric("jobber_log_lines_dropped_total") - droppedBefore).isGreaterThanOrEqualTo(dropped);
    }

    /** Holding the job row makes the log writer wait (it share-locks the jobs of a batch). */
    private Connection lockJob(String jobId) throws SQLException {
        Connection lock = dataSource.getConnection();
        lock.setAutoCommit(false);
        try (PreparedStatement select = lock.prepareStatement("select id from job where id = ? for update")) {
            select.setObject(1, UUID.fromString(jobId));
            select.executeQuery().close();
        }
        return lock;
    }

    private static double metric(String name) {
        String metrics = given().get("/api/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void deletingAJobDeletesItsLogs() {
        Published job = publishLogs();
        await().atMost(Duration.ofSeconds(10)).until(() -> !messages(job.jobId(), "?q=warm").isEmpty());
        given().delete("/api/job/" + job.jobId()).then().statusCode(200);
        assertThat(count("select count(*) from job_log where job_id = ?", job.jobId())).isZero();
        given().get("/api/job/" + job.jobId() + "/logs").then().statusCode(404);
    }

    @Test
    void retentionDeletesLinesOlderThanTheRetention() {
        Published job = publishLogs();
        execute("insert into job_log (job_id, source, stream, created, message) values (?, 'runner', 'stdout', "
                + "now() - interval '8 days', 'ancient')", job.jobId());
        assertThat(messages(job.jobId(), "?q=ancient")).hasSize(1);
        assertThat(retention.run()).isGreaterThanOrEqualTo(1);
        assertThat(messages(job.jobId(), "?q=ancient")).isEmpty();
    }

    private long count(String sql, String jobId) {
        return Sql.number(dataSource, sql, jobId);
    }

    private void execute(String sql, String jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(jobId));
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
