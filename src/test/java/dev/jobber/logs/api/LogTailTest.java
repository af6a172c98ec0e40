package dev.jobber.logs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.logs.LogTails;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.Sql;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The live tail: every line in order or an overflow event naming where it stopped, pings, filters, the cap. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class LogTailTest {

    private static final int BURST = 20_000;

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL admin;

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Event(String id, String name, String data) {

        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String message() {
            return json().path("message").asText();
        }
    }

    private LogsJob publishLogs() {
        return LogsJob.start(gateway, "tail", 120);
    }

    private Response call(String name, String path) {
        return LogsJob.call(gateway, name, path);
    }

    /** Opens the job's live tail; {@code receiveBuffer} small makes a client that does not read slow at once. */
    private RawHttp tail(String jobId, String query, int receiveBuffer) throws Exception {
        RawHttp http = RawHttp.get(admin.getPort(), "/api/job/" + jobId + "/logs/stream" + query,
                Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + TestAdmin.token(admin.toURI()
                        .resolve("/"))), receiveBuffer);
        http.timeout(Duration.ofSeconds(60));
        return http;
    }

    private RawHttp openTail(String jobId, String query) throws Exception {
        RawHttp http = tail(jobId, query, 64 * 1024);
        assertThat(http.readHead()).isEqualTo(200);
        assertThat(http.header("Content-Type")).startsWith("text/event-stream");
        return http;
    }

    /** The next event of a server-sent event stream, or null at its end. */
    private static Event next(RawHttp http) throws IOException {
        String id = null;
        String name = "message";
        StringBuilder data = null;
        while (true) {
            String raw = http.readLine();
            if (raw.isEmpty()) {
                return null;
            }
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, name, data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                }
            }
        }
    }

    /** Line events up to (and without) the first event that {@code last} accepts, which is returned last. */
    private static List<Event> readUntil(RawHttp http, Predicate<Event> last) throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event event = next(http); event != null; event = next(http)) {
            if (!event.name().equals("ping")) {
                events.add(event);
            }
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    private long stored(String jobId, String like) {
        return Sql.number(dataSource, "select count(*) from job_log where job_id = ?::uuid and message like '"
                + like + "'", jobId);
    }

    /**
     * The burst's lines the client got are burst 0..k-1, in order, with growing ids; when k is short of the burst,
     * the next event is an overflow naming line k (its time, and every line from it as dropped), and the stream ends.
     */
    private void assertEveryLineInOrderOrAnOverflowWhereItStopped(String jobId, RawHttp tail, List<Event> events)
            throws IOException {
        Event overflow = events.getLast().name().equals("overflow") ? events.removeLast() : null;
        assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo("message"));
        List<Integer> numbers = events.stream().map(e -> Integer.parseInt(e.message().split(" ")[1])).toList();
        assertThat(numbers).as("lines in order, without a gap").isEqualTo(IntStream.range(0, numbers.size())
                .boxed().toList());
        List<Long> ids = events.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        if (overflow != null) {
            int k = numbers.size();
            assertThat(overflow.json().path("dropped").asLong()).isEqualTo(BURST - k);
            long since = overflow.json().path("since").asLong();
            long firstMissing = given().urlEncodingEnabled(false).get("/api/job/" + jobId + "/logs?q=burst%20" + k
                    + "%20y").then()
                    .statusCode(200).extract().jsonPath().getLong("data[0].timestamp");
            assertThat(since).isCloseTo(firstMissing, within(1L));
            assertThat(next(tail)).as("the stream ends after the overflow").isNull();
        } else {
            assertThat(numbers).hasSize(BURST);
        }
    }

    @Test
    void aClientThatStopsReadingGetsEveryLineInOrderUpToAnOverflowEventNamingTheFirstLineItMissed()
            throws Exception {
        LogsJob job = publishLogs();
        try (RawHttp tail = tail(job.jobId(), "?q=burst", 4096)) {
            assertThat(tail.readHead()).isEqualTo(200);
            assertThat(next(tail).name()).isEqualTo("ping");
            // Lines of 1,000 characters: the socket buffers hold far fewer than the burst minus the tail's buffer.
            call(job.name(), "/logs/burst?n=" + BURST + "&width=1000").then().statusCode(200);
            await().atMost(Duration.ofSeconds(90)).until(() -> stored(job.jobId(), "burst %") == BURST);

            List<Event> events = readUntil(tail, e -> e.name().equals("overflow")
                    || e.name().equals("message") && e.message().startsWith("burst " + (BURST - 1) + " "));
            assertThat(events.getLast().name()).as("this client was too slow to get everything")
                    .isEqualTo("overflow");
            assertThat(events.size() - 1).isGreaterThanOrEqualTo(LogTails.BUFFER_LINES);
            assertEveryLineInOrderOrAnOverflowWhereItStopped(job.jobId(), tail, events);
        }
    }

    @Test
    void aClientThatReadsAlongGetsEveryLineOfABurstTheBufferHoldsInOrder() throws Exception {
        LogsJob job = publishLogs();
        int lines = LogTails.BUFFER_LINES / 2;
        try (RawHttp tail = openTail(job.jobId(), "?q=burst")) {
            assertThat(next(tail).name()).isEqualTo("ping");
            CompletableFuture<Integer> burst = CompletableFuture.supplyAsync(
                    () -> call(job.name(), "/logs/burst?n=" + lines).statusCode());
            List<Event> events = readUntil(tail, e -> e.name().equals("overflow")
                    || e.name().equals("message") && e.message().startsWith("burst " + (lines - 1) + " "));
            assertThat(burst.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(events).extracting(Event::name).doesNotContain("overflow");
            assertThat(events).extracting(e -> e.message().split(" ")[1])
                    .isEqualTo(IntStream.range(0, lines).mapToObj(Integer::toString).toList());
            assertThat(events.stream().map(e -> Long.parseLong(e.id())).toList()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void pingsAsSoonAsTheStreamOpensEvenWhileTheJobIsQuiet() throws Exception {
        LogsJob job = publishLogs();
        try (RawHttp tail = openTail(job.jobId(), "")) {
            Event ping = next(tail);
            assertThat(ping.name()).isEqualTo("ping");
            assertThat(ping.id()).isNull();
            assertThat(ping.json().path("time").asLong()).isCloseTo(Instant.now().toEpochMilli(), within(10_000L));
            call(job.name(), "/logs/print?text=after-the-ping").then().statusCode(200);
            Event line = next(tail);
            assertThat(line.name()).isEqualTo("message");
            assertThat(line.message()).isEqualTo("after-the-ping");
            assertThat(line.id()).matches("\\d+");
        }
    }

    @Test
    void filtersTheStreamAndTheHistoryByTextSourceAndStream() throws Exception {
        LogsJob job = publishLogs();
        try (RawHttp stderr = openTail(job.jobId(), "?stream=stderr&source=runner");
                RawHttp text = openTail(job.jobId(), "?q=a%20LINE%203")) {
            call(job.name(), "/logs/interleave?tag=A").then().statusCode(200);
            assertThat(readUntil(stderr, e -> e.name().equals("message"))).extracting(Event::message)
                    .containsExactly("A on stderr");
            assertThat(readUntil(text, e -> e.name().equals("message"))).extracting(Event::message)
                    .containsExactly("A line 3");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(job.jobId(), "A %") == 8);
        given().get("/api/job/" + job.jobId() + "/logs?stream=stderr&q=A").then().statusCode(200)
                .body("data.message", equalTo(List.of("A on stderr")));
        given().urlEncodingEnabled(false).get("/api/job/" + job.jobId() + "/logs?source=runner&stream=stdout&q=A%20line")
                .then()
                .statusCode(200).body("data.size()", equalTo(5));
        given().get("/api/job/" + job.jobId() + "/logs?source=system").then().statusCode(200)
                .body("data.source.unique()", equalTo(List.of("system")));
        given().get("/api/job/" + job.jobId() + "/logs?stream=system&source=both").then().statusCode(400)
                .body("message", allOf(containsString("stream"), containsString("source")));
        given().get("/api/job/" + job.jobId() + "/logs/stream?stream=nope").then().statusCode(400)
                .body("success", equalTo(false)).body("message", containsString("stream"));
    }

    @Test
    void refusesOneTailMoreThanAJobAllowsWith429() throws Exception {
        LogsJob job = publishLogs();
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < LogTails.PER_JOB; i++) {
                open.add(openTail(job.jobId(), ""));
            }
            try (RawHttp refused = tail(job.jobId(), "", 64 * 1024)) {
                assertThat(refused.readHead()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isNotNull();
                JsonPath body = JsonPath.from(refused.readFixedBody());
                assertThat(body.getBoolean("success")).isFalse();
                assertThat(body.getString("message")).contains(LogTails.PER_JOB + " live tails");
            }
        } finally {
            for (RawHttp http : open) {
                http.close();
            }
        }
        // Closed tails give their places back.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (RawHttp again = tail(job.jobId(), "", 64 * 1024)) {
                assertThat(again.readHead()).isEqualTo(200);
            }
        });
    }
}
