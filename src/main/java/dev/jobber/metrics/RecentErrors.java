package dev.jobber.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The latest failures on this instance (runners that failed, requests answered with a status ≥ 500, trigger errors),
 * for the panel: a ring of the last {@value #CAPACITY}, each message cut to {@value #MAX_MESSAGE} characters.
 */
@ApplicationScoped
public class RecentErrors {

    static final int CAPACITY = 200;
    static final int MAX_MESSAGE = 2000;

    /** What failed. */
    public enum Kind {
        /** A runner failed to start, crashed, or lost output. */
        RUNNER,
        /** A gateway request was answered with a status ≥ 500 (the function failed, timed out or answered so). */
        REQUEST,
        /** A schedule tick or MQTT message failed, or a trigger lost its connection. */
        TRIGGER
    }

    /** One failure; {@code time} in unix milliseconds. */
    public record Failure(long time, UUID jobId, String jobName, Kind kind, String message) {
    }

    private final Failure[] ring = new Failure[CAPACITY];
    private long next;

    public synchronized void record(UUID jobId, String jobName, Kind kind, String message) {
        String text = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE)
                + "…" : message;
        ring[(int) (next++ % CAPACITY)] = new Failure(System.currentTimeMillis(), jobId, jobName, kind, text);
    }

    /** Up to {@code limit} failures of the jobs {@code visible} accepts, newest first. */
    public synchronized List<Failure> newest(int limit, Predicate<UUID> visible) {
        List<Failure> result = new ArrayList<>();
        for (long i = next - 1; i >= Math.max(0, next - CAPACITY) && result.size() < limit; i--) {
            Failure failure = ring[(int) (i % CAPACITY)];
            if (visible.test(failure.jobId())) {
                result.add(failure);
            }
        }
        return result;
    }
}
