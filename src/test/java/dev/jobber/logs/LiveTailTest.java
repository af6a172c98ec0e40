package dev.jobber.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.common.TooManyRequestsException;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveTailTest {

    private final UUID jobId = UUID.randomUUID();
    private final Instant base = Instant.parse("2026-01-01T00:00:00Z");

    private LogLine line(int i, LogLine.Stream stream) {
        return new LogLine(base.plusMillis(i), jobId, null, null, null, LogLine.Source.RUNNER, stream, null,
                "line " + i);
    }

    private static List<String> described(List<TailEvent> events) {
        return events.stream().map(e -> switch (e) {
            case TailEvent.Line l -> l.id() + ":" + l.line().message();
            case TailEvent.Ping p -> "ping";
            case TailEvent.Overflow o -> "overflow " + o.dropped() + " since " + o.since().toEpochMilli();
        }).toList();
    }

    @Test
    void sendsAPingAtOnceThenEachLineInOrderWithItsId() {
        LiveTail tail = new LiveTail(LogFilter.NONE, 10, () -> { });
        AssertSubscriber<TailEvent> client = tail.events().subscribe().withSubscriber(AssertSubscriber.create(1));
        assertThat(described(client.getItems())).containsExactly("ping");
        for (int i = 0; i < 3; i++) {
            tail.offer(10 + i, line(i, LogLine.Stream.STDOUT));
        }
        client.request(2);
        assertThat(described(client.getItems())).containsExactly("ping", "10:line 0", "11:line 1");
        client.request(5);
        assertThat(described(client.getItems())).containsExactly("ping", "10:line 0", "11:line 1", "12:line 2");
        client.assertNotTerminated();
    }

    @Test
    void holdsUpToItsCapacityThenSendsItAllAndEndsWithAnOverflowNamingTheFirstLineNotTaken() {
        AtomicInteger ended = new AtomicInteger();
        LiveTail tail = new LiveTail(LogFilter.NONE, 3, ended::incrementAndGet);
        AssertSubscriber<TailEvent> client = tail.events().subscribe().withSubscriber(AssertSubscriber.create(0));
        for (int i = 0; i < 6; i++) {
            tail.offer(i + 1, line(i, LogLine.Stream.STDOUT));
        }
        assertThat(tail.buffered()).isEqualTo(3);
        client.request(2);
        tail.offer(7, line(6, LogLine.Stream.STDOUT));
        client.request(10);

        assertThat(described(client.getItems())).containsExactly("1:line 0", "2:line 1", "3:line 2",
                "overflow 4 since " + base.plusMillis(3).toEpochMilli());
        client.assertCompleted();
        assertThat(ended).hasValue(1);
        tail.offer(8, line(7, LogLine.Stream.STDOUT));
        assertThat(client.getItems()).hasSize(4);
    }

    @Test
    void pingsOnlyWhenATickFindsItQuietSinceThePreviousTick() {
        LiveTail tail = new LiveTail(LogFilter.NONE, 10, () -> { });
        AssertSubscriber<TailEvent> client = tail.events().subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        tail.tick();
        tail.offer(1, line(0, LogLine.Stream.STDOUT));
        tail.tick();
        assertThat(described(client.getItems())).containsExactly("ping", "1:line 0");
        tail.tick();
        assertThat(described(client.getItems())).containsExactly("ping", "1:line 0", "ping");
    }

    @Test
    void keepsOnlyTheLinesThatPassItsFilter() {
        LiveTail tail = new LiveTail(LogFilter.NONE.withStream(LogLine.Stream.STDERR).withText("LINE"), 1,
                () -> { });
        AssertSubscriber<TailEvent> client = tail.events().subscribe().withSubscriber(AssertSubscriber.create(0));
        tail.offer(1, line(0, LogLine.Stream.STDOUT));
        tail.offer(2, line(1, LogLine.Stream.STDERR));
        tail.offer(3, line(2, LogLine.Stream.STDOUT));
        client.request(10);
        assertThat(described(client.getItems())).containsExactly("2:line 1", "ping");
    }

    @Test
    void refusesATailBeyondTheJobsCapAndGivesTheSlotBackWhenOneEnds() {
        LogTails tails = new LogTails();
        try {
            List<AssertSubscriber<TailEvent>> clients = new ArrayList<>();
            for (int i = 0; i < LogTails.PER_JOB; i++) {
                clients.add(tails.open(jobId, LogFilter.NONE).subscribe()
                        .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)));
            }
            assertThatThrownBy(() -> tails.open(jobId, LogFilter.NONE))
                    .isInstanceOf(TooManyRequestsException.class).hasMessageContaining("live tails");
            assertThat(tails.open(UUID.randomUUID(), LogFilter.NONE)).as("another job").isNotNull();

            clients.getFirst().cancel();
            AssertSubscriber<TailEvent> late = tails.open(jobId, LogFilter.NONE).subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            List<LogLine> stored = new ArrayList<>();
            tails.publish(line(0, LogLine.Stream.STDOUT), stored::add);
            tails.publish(line(1, LogLine.Stream.STDOUT), stored::add);
            assertThat(stored).hasSize(2);
            List<Long> ids = late.getItems().stream().filter(e -> e instanceof TailEvent.Line)
                    .map(e -> ((TailEvent.Line) e).id()).toList();
            assertThat(ids).hasSize(2);
            assertThat(ids.get(1)).isGreaterThan(ids.get(0));
            assertThat(clients.get(1).getItems()).filteredOn(e -> e instanceof TailEvent.Line).hasSize(2);
        } finally {
            tails.stop();
        }
    }
}
