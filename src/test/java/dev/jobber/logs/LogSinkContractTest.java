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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link LogSink} contract; each adapter's test extends this. */
public abstract class LogSinkContractTest {

    private final List<LogSink> sinks = new ArrayList<>();

    /** A new sink of the adapter under test. */
    protected abstract LogSink create(int capacity, int jobShare, int batchSize);

    /** A job id the adapter accepts lines for. */
    protected abstract UUID newJob();

    /** Makes the adapter's writes wait until the returned handle is closed. */
    protected abstract AutoCloseable blockWrites() throws Exception;

    protected final LogSink sink(int capacity, int batchSize) {
        return sink(capacity, capacity, batchSize);
    }

    protected final LogSink sink(int capacity, int jobShare, int batchSize) {
        LogSink sink = create(capacity, jobShare, batchSize);
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
                    LogFilter.NONE));
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

        assertThat(messages(sink, LogQuery.newest(jobId, 100, LogFilter.NONE.withText("alpha"))))
                .containsExactly("ALPHA three", "Alpha one");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, LogFilter.NONE.withText("(TWO) ["))))
                .containsExactly("beta (two) [x]");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, LogFilter.NONE.withText(".*"))))
                .containsExactly("gamma.*");
        assertThat(messages(sink, new LogQuery(jobId, Optional.empty(), 100, Optional.of(base.plusSeconds(10)),
                Optional.of(base.plusSeconds(21)), LogFilter.NONE)))
                .containsExactly("ALPHA three", "beta (two) [x]");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, LogFilter.NONE.withRequestId(request))))
                .containsExactly("ALPHA three", "Alpha one");
        assertThat(messages(sink, LogQuery.newest(jobId, 1))).containsExactly("gamma.*");
    }

    @Test
    void filtersBySourceAndByStreamAloneOrTogetherWithText() {
        LogSink sink = sink(100, 10);
        UUID jobId = newJob();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sink.append(line(jobId, now, "out one", null));
        sink.append(new LogLine(now, jobId, null, null, null, LogLine.Source.RUNNER, LogLine.Stream.STDERR, null,
                "err one"));
        sink.append(LogLine.system(jobId, null, null, null, LogLine.Stream.STDOUT, "system out"));
        sink.append(LogLine.system(jobId, null, null, null, LogLine.Stream.STDERR, "system err"));
        sink.append(line(jobId, now, "out two", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        LogFilter none = LogFilter.NONE;
        assertThat(messages(sink, LogQuery.newest(jobId, 100, none.withSource(LogLine.Source.SYSTEM))))
                .containsExactly("[SYSTEM] system err", "[SYSTEM] system out");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, none.withSource(LogLine.Source.RUNNER))))
                .containsExactly("out two", "err one", "out one");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, none.withStream(LogLine.Stream.STDERR))))
                .containsExactly("[SYSTEM] system err", "err one");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, none.withSource(LogLine.Source.RUNNER)
                .withStream(LogLine.Stream.STDOUT)))).containsExactly("out two", "out one");
        assertThat(messages(sink, LogQuery.newest(jobId, 100, none.withStream(LogLine.Stream.STDOUT).withText("TWO"))))
                .containsExactly("out two");
        assertThat(messages(sink, LogQuery.newest(jobId, 1, none.withStream(LogLine.Stream.STDOUT))))
                .as("the limit counts matching lines only").containsExactly("out two");
    }

    @Test
    void holdsBackAJobAtItsShareOrAFullBufferAndCallsItBackOnceLinesAreWritten() throws Exception {
        LogSink sink = sink(10, 4, 3);
        UUID flooding = newJob();
        UUID other = newJob();
        CountDownLatch room = new CountDownLatch(1);
        try (AutoCloseable blocked = blockWrites()) {
            for (int i = 0; i < 4; i++) {
                assertThat(sink.hasRoom(flooding)).isTrue();
                assertThat(sink.append(line(flooding, Instant.now(), "flood " + i, null))).isTrue();
            }
            // The writer may have taken a batch already; it cannot finish writing it.
            await().atMost(Duration.ofSeconds(10)).until(() -> !sink.hasRoom(flooding));
            sink.whenRoom(flooding, room::countDown);
            assertThat(room.getCount()).isEqualTo(1);
            assertThat(sink.hasRoom(other)).isTrue();
            for (int i = 0; i < 6; i++) {
                sink.append(line(other, Instant.now(), "other " + i, null));
            }
            assertThat(sink.hasRoom(newJob())).as("a full buffer holds back every job").isFalse();
            assertThat(sink.buffered()).isEqualTo(10);
            assertThat(room.await(200, TimeUnit.MILLISECONDS)).isFalse();
        }
        assertThat(room.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.query(all(flooding))).hasSize(4);
        assertThat(sink.query(all(other))).hasSize(6);
        assertThat(sink.hasRoom(flooding)).isTrue();
        assertThat(sink.buffered()).isZero();
        assertThat(sink.peakBuffered()).isEqualTo(10);
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void neverDropsALineForWantOfRoom() throws Exception {
        LogSink sink = sink(5, 3);
        UUID jobId = newJob();
        try (AutoCloseable blocked = blockWrites()) {
            for (int i = 0; i < 30; i++) {
                assertThat(sink.append(line(jobId, Instant.now(), "flood " + i, null))).isTrue();
            }
            assertThat(sink.hasRoom(jobId)).isFalse();
        }
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            expected.add("flood " + i);
        }
        assertThat(messages(sink, all(jobId))).containsExactlyElementsOf(expected);
        assertThat(sink.dropped()).isZero();
    }

    private static List<String> messages(LogSink sink, LogQuery query) {
        return sink.query(query).stream().map(e -> e.line().message()).toList();
    }
}
