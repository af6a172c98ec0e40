package dev.jobber.logs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A flood of output is held back in its runner rather than dropped, and does not delay other jobs' lines. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class LogBackpressureTest {

    private static final int LINES = 1_000_000;
    private static final Pattern TICK = Pattern.compile("steady tick (\\d+) at (\\d+)");

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "log.buffer-size")
    int bufferSize;

    private record Published(String name, String jobId) {
    }

    private Published publishLogs(String prefix) {
        LogsJob job = LogsJob.start(gateway, prefix, 900);
        return new Published(job.name(), job.jobId());
    }

    private Response call(String name, String path) {
        return LogsJob.call(gateway, name, path);
    }

    @Test
    void storesEveryLineOfAMillionLineFloodInOrderWhileAnotherJobsLinesArriveWithinSeconds() throws Exception {
        Published flood = publishLogs("flood");
        Published steady = publishLogs("steady");
        double droppedBefore = metric("jobber_log_lines_dropped_total");
        Map<Integer, Long> tickDelays = new ConcurrentHashMap<>();
        int ticksPrinted = 0;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Its answer comes after all its output was taken, which takes longer than REST Assured waits.
            HttpClient http = HttpClient.newBuilder().executor(callers).build();
            CompletableFuture<Integer> flooding = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/logs/million?n=" + LINES))
                    .header("Host", flood.name() + ".test").timeout(Duration.ofMinutes(15)).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
            // One line a second from the steady job until the flood is done; each is noted when it is stored.
            while (!flooding.isDone()) {
                CompletableFuture<Integer> ticking = CompletableFuture.supplyAsync(
                        () -> call(steady.name(), "/logs/every-second?tag=steady&n=3").statusCode(), callers);
                int from = ticksPrinted;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    noteStoredTicks(steady.jobId(), tickDelays);
                    return ticking.isDone();
                });
                assertThat(ticking.get()).isEqualTo(200);
                ticksPrinted = from + 3;
                int printed = ticksPrinted;
                await("every steady line printed so far is stored").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                    noteStoredTicks(steady.jobId(), tickDelays);
                    return tickDelays.size() >= printed;
                });
            }
            assertThat(flooding.get(15, TimeUnit.MINUTES)).isEqualTo(200);
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .failFast("lines were dropped", () -> count(flood.jobId(), "%dropped%") > 0)
                .until(() -> count(flood.jobId(), "million %") == LINES + LINES / 1000);
        assertInOrder(flood.jobId(), "stdout", "million ", LINES, 1);
        assertInOrder(flood.jobId(), "stderr", "million err ", LINES / 1000, 1000);
        assertThat(count(flood.jobId(), "%dropped%") + count(steady.jobId(), "%dropped%")).isZero();
        assertThat(metric("jobber_log_lines_dropped_total")).isEqualTo(droppedBefore);

        assertThat(ticksPrinted).isGreaterThanOrEqualTo(3);
        assertThat(tickDelays).hasSize(ticksPrinted);
        assertThat(tickDelays.values()).as("ms from printing a steady line to finding it stored")
                .allSatisfy(delay -> assertThat(delay).isLessThan(5_000));
        assertThat(metric("jobber_log_buffer_peak_lines")).isLessThanOrEqualTo(bufferSize);
    }

    /** Records, for each steady tick found stored and not yet noted, how long after its printing it was found. */
    private void noteStoredTicks(String jobId, Map<Integer, Long> delays) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select message from job_log where job_id = ? and message like 'steady tick %' order by sort")) {
            select.setObject(1, UUID.fromString(jobId));
            try (ResultSet rows = select.executeQuery()) {
                int expected = 0;
                while (rows.next()) {
                    Matcher tick = TICK.matcher(rows.getString(1));
                    assertThat(tick.matches()).isTrue();
                    int index = Integer.parseInt(tick.group(1));
                    // Ticks of one call count from 0; calls follow each other, so the job's ticks are in order.
                    assertThat(index).isEqualTo(expected % 3);
                    delays.putIfAbsent(expected, now - Long.parseLong(tick.group(2)));
                    expected++;
                }
            }
        }
    }

    /** The job's lines of one stream are {@code prefix + i*step} for i from 0 to count-1, in the order stored. */
    private void assertInOrder(String jobId, String stream, String prefix, int count, int step) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "select message from job_log where job_id = ? and stream = ? and message like ? order by sort")) {
                select.setFetchSize(10_000);
                select.setObject(1, UUID.fromString(jobId));
                select.setString(2, stream);
                select.setString(3, prefix + "%");
                try (ResultSet rows = select.executeQuery()) {
                    int i = 0;
                    List<String> wrong = new ArrayList<>();
                    while (rows.next()) {
                        String expected = prefix + (long) i * step;
                        if (!rows.getString(1).equals(expected) && wrong.size() < 5) {
                            wrong.add("#" + i + ": " + rows.getString(1) + " instead of " + expected);
                        }
                        i++;
                    }
                    assertThat(wrong).isEmpty();
                    assertThat(i).isEqualTo(count);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private long count(String jobId, String like) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select count(*) from job_log where job_id = ? and message like ?")) {
            select.setObject(1, UUID.fromString(jobId));
            select.setString(2, like);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static double metric(String name) {
        String metrics = given().get("/api/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
