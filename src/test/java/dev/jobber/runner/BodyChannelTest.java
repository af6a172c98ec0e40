package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.runner.protocol.EventSource;
import dev.jobber.runner.protocol.Frame;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A body in memory goes to the runner through the same windowed channel as an upload. */
class BodyChannelTest {

    private static final int MIB = 1024 * 1024;

    /** The runner's connection: records what is sent, and is full while told so. */
    private static final class Connection implements BodyChannel.Outlet {
        final List<Frame.ToRunner> sent = new ArrayList<>();
        final List<Runnable> waiting = new ArrayList<>();
        boolean full;

        @Override
        public void send(Frame.ToRunner frame) {
            sent.add(frame);
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void whenWritable(Runnable action) {
            waiting.add(action);
        }

        void drained() {
            full = false;
            List<Runnable> ready = List.copyOf(waiting);
            waiting.clear();
            ready.forEach(Runnable::run);
        }

        long chunkBytes() {
            return sent.stream().filter(Frame.Chunk.class::isInstance)
                    .mapToLong(f -> ((Frame.Chunk) f).body().length()).sum();
        }

        Buffer body() {
            Buffer all = Buffer.buffer();
            sent.stream().filter(Frame.Chunk.class::isInstance).forEach(f -> all.appendBuffer(((Frame.Chunk) f).body()));
            return all;
        }

        boolean ended() {
            return !sent.isEmpty() && sent.getLast() instanceof Frame.End end && end.id() == 7;
        }
    }

    private static Buffer randomBody(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    private static BodyChannel channel(Buffer body, Connection connection, RequestBody source, long window) {
        Invocation invocation = new Invocation(new Event(new EventSource.Mqtt("sensors", "a/b"), body),
                new CompletionSink());
        invocation.id = 7;
        return new BodyChannel(invocation, connection, source, window);
    }

    @Test
    void aLargeBodyInMemoryIsSentNoFurtherAheadThanTheRunnersWindow() {
        Buffer body = randomBody(5 * MIB + 123);
        Connection connection = new Connection();
        MemoryBody source = new MemoryBody(body, EventDelivery.CHUNK);
        BodyChannel channel = channel(body, connection, source, MIB);

        source.start(channel);
        assertThat(connection.chunkBytes()).isEqualTo(MIB);
        long granted = 0;
        while (!connection.ended()) {
            channel.grant(MIB / 4);
            granted += MIB / 4;
            assertThat(connection.chunkBytes()).isLessThanOrEqualTo(MIB + granted);
            assertThat(granted).as("grants before the body ended").isLessThan(6L * MIB);
        }

        assertThat(connection.body()).isEqualTo(body);
        assertThat(connection.sent).allSatisfy(frame -> assertThat(frame).isInstanceOfAny(Frame.Chunk.class,
                Frame.End.class));
    }

    @Test
    void withoutAWindowABodyInMemoryWaitsWhileTheConnectionIsFull() {
        Buffer body = randomBody(3 * MIB);
        Connection connection = new Connection();
        MemoryBody source = new MemoryBody(body, EventDelivery.CHUNK);
        BodyChannel channel = channel(body, connection, source, 0);
        connection.full = true;

        source.start(channel);
        assertThat(connection.chunkBytes()).isEqualTo(MIB);
        assertThat(connection.waiting).hasSize(1);
        connection.drained();

        assertThat(connection.ended()).isTrue();
        assertThat(connection.body()).isEqualTo(body);
    }

    @Test
    void nothingMoreIsSentOnceTheEventIsOver() {
        Buffer body = randomBody(3 * MIB);
        Connection connection = new Connection();
        MemoryBody source = new MemoryBody(body, EventDelivery.CHUNK);
        BodyChannel channel = channel(body, connection, source, MIB);
        source.start(channel);

        channel.close();
        channel.grant(2 * MIB);
        source.resume();

        assertThat(connection.chunkBytes()).isEqualTo(MIB);
        assertThat(connection.ended()).isFalse();
    }
}
