package dev.jobber.runner;

import java.util.Locale;
import java.util.Set;

/**
 * The life of a runner. {@code STARTING → READY → CLOSING → CLOSED}; a failure at any point goes to {@code CLOSED}
 * (its work fails or is re-queued); nothing leaves {@code CLOSED}.
 */
public enum RunnerState {
    STARTING, READY, CLOSING, CLOSED;

    private Set<RunnerState> next() {
        return switch (this) {
            case STARTING -> Set.of(READY, CLOSING, CLOSED);
            case READY -> Set.of(CLOSING, CLOSED);
            case CLOSING -> Set.of(CLOSED);
            case CLOSED -> Set.of();
        };
    }

    public boolean canMoveTo(RunnerState target) {
        return next().contains(target);
    }

    /** As the admin API names it. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
