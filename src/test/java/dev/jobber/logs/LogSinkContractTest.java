package dev.jobber.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link LogSink} contract; each adapter's test extends this. */
public abstract class LogSinkContractTest {

    private final List<LogSink> sinks = new ArrayList<>();

    /** A new sink of the adapter under test. */
    protected abstract LogSink create(int capacity, int batchSize);

    /** A job id the adapter accepts lines for. */
    protected abstract UUID newJob();

    /** Makes the adapter's writes wait until the returned handle is closed. */
    protected abstract AutoCloseable blockWrites() throws Exception;

    protected final LogSink sink(int capacity, int batchSize) {
        LogSink sink = create(capacity, batchSize);
        sinks.add(sink);
        return sink;
    }

    @AfterEach
    void closeSinks() {
        sinks.forEach(LogSink::close);
    }

    protected static LogLine line(UUID jobId, Instant created, String message, UUID requestId) {
        return new LogLine(created, jobId, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                LogLine.Source.RUNNER, LogLine.Stream.STDOUT, requestId, message);
    }

    private static LogQuery all(UUID jobId) {
        return LogQuery.newest(jobId, LogQuery.MAX_LIMIT);
    }

    @Test
    void readsLinesBackNewestFirstWithEveryField() {
        LogSink sink = sink(100, 10);
        UUID jobId = newJob();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LogLine first = new LogLine(now, jobId, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                LogLine.Source.RUNNER, LogLine.Stream.STDERR, UUID.randomUUID(), "first ünïcode\tline \\N \\ two\nlines");
        LogLine second = LogLine.system(jobId, first.actionId(), first.versionId(), first.runnerId(),
                LogLine.Stream.STDOUT, "Runner started");
        assertThat(sink.append(first)).isTrue();
        assertThat(sink.append(second)).isTrue();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        List<LogEntry> entries = sink.query(all(jobId));
        assertThat(entries).extracting(e -> e.line().message()).containsExactly("[SYSTEM] Runner started",
                first.message());
        assertThat(entries.get(0).sort()).isGreaterThan(entries.get(1).sort());
        LogLine read = entries.get(1).line();
        assertThat(read).usingRecursiveComparison().ignoringFields("created").isEqualTo(first);
        assertThat(read.created()).isCloseTo(first.created(), org.assertj.core.api.Assertions.within(1,
                ChronoUnit.MILLIS));
        assertThat(entries.get(0).line().source()).isEqualTo(LogLine.Source.SYSTEM);
        assertThat(entries.get(0).line().requestId()).isNull();
        assertThat(sink.query(all(newJob()))).isEmpty();
    }

    @Test
    void keepsAppendOrderAcrossBatchesAndPagesWithoutGapsOrRepeats() {
        LogSink sink = sink(1000, 4);
        UUID jobId = newJob();
        Instant sameTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 25; i++) {
            sink.append(line(jobId, sameTime, "line " + i, null));
        }
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        List<String> read = new ArrayList<>();
        Optional<Long> before = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<LogEntry> entries = sink.query(new LogQuery(jobId, before, 10, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
            if (entries.isEmpty()) {
                break;
            }
            assertThat(entries).hasSizeLessThanOrEqualTo(10);
            entries.forEach(e -> read.add(e.line().message()));
            before = Optional.of(entries.getLast().sort());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add("line " + i);
        }
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void filtersByTextIgnoringCaseByTimeRangeAndByRequestId() {
        LogSink sink = sink(100, 10);
        UUID jobId = newJob();
        UUID request = UUID.randomUUID();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        sink.append(line(jobId, base, "Alpha one", request));
        sink.append(line(jobId, base.plusSeconds(10), "beta (two) [x]", null));
        sink.append(line(jobId, base.plusSeconds(20), "ALPHA three", request));
        sink.append(line(jobId, base.plusSeconds(30), "gamma.*", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.empty(), Optional.empty(),
                Optional.of("alpha"), Optional.empty()))).containsExactly("ALPHA three", "Alpha one");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.empty(), Optional.empty(),
                Optional.of("(TWO) ["), Optional.empty()))).containsExactly("beta (two) [x]");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.empty(), Optional.empty(),
                Optional.of(".*"), Optional.empty()))).containsExactly("gamma.*");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.of(base.plusSeconds(10)),
                Optional.of(base.plusSeconds(21)), Optional.empty(), Optional.empty())))
                .containsExactly("ALPHA three", "beta (two) [x]");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(request)))).containsExactly("ALPHA three", "Alpha one");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 1, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))).containsExactly("gamma.*");
    }

    @Test
    void dropsLinesBeyondTheBufferAndReportsHowMany() throws Exception {
        LogSink sink = sink(5, 3);
        UUID jobId = newJob();
        UUID runnerId = UUID.randomUUID();
        int refused = 0;
        try (AutoCloseable blocked = blockWrites()) {
            for (int i = 0; i < 30; i++) {
                LogLine line = new LogLine(Instant.now(), jobId, null, null, runnerId, LogLine.Source.RUNNER,
                        LogLine.Stream.STDOUT, null, "flood " + i);
                if (!sink.append(line)) {
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(30 - 5 - 3);
        assertThat(sink.dropped()).isEqualTo(refused);
        // The writer may report while lines are still being refused: the reports add up to what was refused.
        int expected = refused;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<LogLine> reports = sink.query(all(jobId)).stream().map(LogEntry::line)
                    .filter(l -> l.source() == LogLine.Source.SYSTEM).toList();
            assertThat(reports).isNotEmpty().allSatisfy(report -> {
                assertThat(report.message()).matches("\\[SYSTEM] \\d+ log lines? (was|were) dropped because the "
                        + "log buffer was full \\(LOG_BUFFER_SIZE\\)");
                assertThat(report.runnerId()).isEqualTo(runnerId);
            });
            assertThat(reports.stream().mapToLong(r -> Long.parseLong(r.message().split(" ")[1])).sum())
                    .isEqualTo(expected);
            assertThat(sink.query(all(jobId))).hasSize(30 - expected + reports.size());
        });
    }

    private static List<String> messages(LogSink sink, LogQuery query) {
        return sink.query(query).stream().map(e -> e.line().message()).toList();
    }
}
