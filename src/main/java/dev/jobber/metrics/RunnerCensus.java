package dev.jobber.metrics;

import java.util.List;
import java.util.UUID;

/** What the runner core tells the dashboard about this instance's runners. */
public interface RunnerCensus {

    /** Every runner this instance holds, closed ones it still lists included. */
    List<Sample> runners();

    /**
     * @param jobId         the job the runner runs
     * @param state         as the admin API names it: {@code starting}, {@code ready}, {@code closing}, {@code closed}
     * @param lastRequestAt unix seconds, null when the runner handled no event yet
     */
    record Sample(UUID jobId, String state, int requestsProcessing, Long lastRequestAt) {
    }
}
