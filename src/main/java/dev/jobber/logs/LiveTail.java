package dev.jobber.logs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's live tail: the lines that pass its filter wait in a buffer of at most {@code capacity} lines
 * until the subscriber asks for them. When a line finds the buffer full, the tail stops taking lines (it counts
 * them), sends what it holds, then one {@link TailEvent.Overflow} naming the first line it could not take, and
 * completes. A {@link TailEvent.Ping} goes first and whenever a quiet period passed without any event.
 */
final class LiveTail {

    private final LogFilter filter;
    private final int capacity;
    private final Runnable onEnd;
    private final Queue<TailEvent.Line> buffer = new ArrayDeque<>();
    private final AtomicInteger drains = new AtomicInteger();
    private volatile MultiEmitter<? super TailEvent> emitter;
    private boolean pingDue = true;
    private boolean sentSinceTick;
    private Instant overflowSince;
    private long dropped;
    private boolean ended;

    /** @param onEnd runs once when the subscriber cancels or the tail completes */
    LiveTail(LogFilter filter, int capacity, Runnable onEnd) {
        this.filter = filter;
        this.capacity = capacity;
        this.onEnd = onEnd;
    }

    /** The tail's events; subscribe once. */
    Multi<TailEvent> events() {
        return Multi.createFrom().<TailEvent>emitter(subscriber -> {
            subscriber.onTermination(onEnd);
            subscriber.onRequest(n -> drain());
            emitter = subscriber;
            drain();
        }, BackPressureStrategy.ERROR);
    }

    /** Takes a line (if it passes the filter); never blocks. Lines must come in increasing {@code id} order. */
    void offer(long id, LogLine line) {
        if (!filter.matches(line)) {
            return;
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            if (overflowSince != null) {
                dropped++;
                return;
            }
            if (buffer.size() >= capacity) {
                overflowSince = line.created();
                dropped = 1;
            } else {
                buffer.add(new TailEvent.Line(id, line));
            }
        }
        drain();
    }

    /** A heartbeat tick: sends a ping unless an event went out since the previous tick. */
    void tick() {
        synchronized (this) {
            pingDue |= !sentSinceTick && buffer.isEmpty();
            sentSinceTick = false;
        }
        drain();
    }

    /** Lines waiting for the subscriber. */
    synchronized int buffered() {
        return buffer.size();
    }

    /** Emits what the subscriber asked for; one thread at a time, the others leave their work to it. */
    private void drain() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        do {
            MultiEmitter<? super TailEvent> out = emitter;
            while (out != null && !out.isCancelled() && out.requested() > 0) {
                TailEvent next = next();
                if (next == null) {
                    break;
                }
                out.emit(next);
                if (next instanceof TailEvent.Overflow) {
                    out.complete();
                    break;
                }
            }
        } while (drains.decrementAndGet() != 0);
    }

    private synchronized TailEvent next() {
        if (ended) {
            return null;
        }
        TailEvent next = buffer.poll();
        if (next == null && overflowSince != null) {
            ended = true;
            next = new TailEvent.Overflow(dropped, overflowSince);
        } else if (next == null && pingDue) {
            pingDue = false;
            next = new TailEvent.Ping(Instant.now());
        }
        sentSinceTick |= next != null;
        return next;
    }
}
