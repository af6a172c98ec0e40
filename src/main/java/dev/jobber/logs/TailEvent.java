package dev.jobber.logs;

import java.time.Instant;

/** What a live tail of a job's log sends: its lines, a heartbeat while quiet, and, last, the news it fell behind. */
public sealed interface TailEvent {

    /**
     * A new line. {@code id} is unique on this instance and grows with every line of the instance, so within one
     * stream (and across the streams of one instance) a later line has a larger id.
     */
    record Line(long id, LogLine line) implements TailEvent {
    }

    /** Sent when the tail opens and after each quiet period: the stream is alive. */
    record Ping(Instant at) implements TailEvent {
    }

    /**
     * The last event of a tail whose subscriber fell so far behind that its buffer overflowed: every line before
     * this event was delivered in order; from the line created at {@code since} on, {@code dropped} lines were not.
     */
    record Overflow(long dropped, Instant since) implements TailEvent {
    }
}
