package dev.jobber.logs.loki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.logs.LogLine;
import dev.jobber.logs.LogQuery;
import dev.jobber.logs.LogSink;
import dev.jobber.logs.LogSinkContractTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiLogSinkTest extends LogSinkContractTest {

    private FakeLoki loki;

    @BeforeEach
    void startLoki() throws Exception {
        loki = new FakeLoki();
    }

    @AfterEach
    void checkFormatAndStopLoki() throws Exception {
        assertThat(loki.formatErrors).isEmpty();
        loki.close();
    }

    @Override
    protected LogSink create(int capacity, int jobShare, int batchSize) {
        return new LokiLogSink(URI.create(loki.pushUrl()), URI.create(loki.queryUrl()), Duration.ofDays(1), true,
                capacity, jobShare, batchSize) {
            @Override
            protected Duration backoff(int attempt) {
                return Duration.ofMillis(10);
            }
        };
    }

    @Override
    protected UUID newJob() {
        return UUID.randomUUID();
    }

    @Override
    protected AutoCloseable blockWrites() {
        return loki.hold();
    }

    @Test
    void pushesOneStreamPerJobActionAndSourceWithTheOriginalLabels() {
        LogSink sink = sink(100, 100);
        UUID jobId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        UUID requestId = UUID.randomUUID();
        Instant now = Instant.now();
        sink.append(new LogLine(now, jobId, actionId, UUID.randomUUID(), UUID.randomUUID(), LogLine.Source.RUNNER,
                LogLine.Stream.STDOUT, requestId, "hello"));
        sink.append(LogLine.system(jobId, actionId, null, null, LogLine.Stream.STDOUT, "started"));
        sink.append(new LogLine(now, jobId, actionId, null, null, LogLine.Source.RUNNER, LogLine.Stream.STDERR,
                null, "again"));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(loki.pushes).hasSize(1);
        var streams = loki.pushes.getFirst().getJsonArray("streams");
        assertThat(streams).hasSize(2);
        JsonObject runner = streams.getJsonObject(0);
        assertThat(runner.getJsonObject("stream").getMap()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "jobberJobId", jobId.toString(), "jobberActionId", actionId.toString(), "jobberSource", "runner"));
        assertThat(runner.getJsonArray("values")).hasSize(2);
        var first = runner.getJsonArray("values").getJsonArray(0);
        assertThat(first.getString(0)).isEqualTo(Long.toString(now.getEpochSecond() * 1_000_000_000L
                + now.getNano()));
        assertThat(first.getString(1)).isEqualTo("hello");
        assertThat(first.getJsonObject(2).getString("jobberRequestId")).isEqualTo(requestId.toString());
        assertThat(first.getJsonObject(2).getString("jobberStream")).isEqualTo("stdout");
        assertThat(Long.parseLong(runner.getJsonArray("values").getJsonArray(1).getString(0)))
                .isGreaterThan(Long.parseLong(first.getString(0)));
        assertThat(streams.getJsonObject(1).getJsonObject("stream").getString("jobberSource")).isEqualTo("system");
        assertThat(streams.getJsonObject(1).getJsonArray("values").getJsonArray(0).getString(1))
                .isEqualTo("[SYSTEM] started");
    }

    @Test
    void retriesAFailedPushWithBackoff() {
        LogSink sink = sink(100, 100);
        UUID jobId = UUID.randomUUID();
        loki.failNextPushes.set(2);
        sink.append(line(jobId, Instant.now(), "survives two failures", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(sink.query(LogQuery.newest(jobId, 10))).extracting(e -> e.line().message())
                .containsExactly("survives two failures");
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void dropsAndCountsABatchThatKeepsFailing() {
        LogSink sink = sink(100, 100);
        UUID jobId = UUID.randomUUID();
        loki.failNextPushes.set(100);
        sink.append(line(jobId, Instant.now(), "lost", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void pushesWithoutStructuredMetadataWhenDisabled() {
        LokiLogSink sink = new LokiLogSink(URI.create(loki.pushUrl()), URI.create(loki.queryUrl()),
                Duration.ofDays(1), false, 10, 10, 10);
        try {
            sink.append(line(UUID.randomUUID(), Instant.now(), "plain", UUID.randomUUID()));
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            sink.close();
        }
        assertThat(loki.pushes.getFirst().getJsonArray("streams").getJsonObject(0).getJsonArray("values")
                .getJsonArray(0)).hasSize(2);
    }
}
