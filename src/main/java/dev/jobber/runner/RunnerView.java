package dev.jobber.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A runner as the admin API shows it; times in unix seconds; {@code requestsTotal}: events it was handed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunnerView(UUID id, String status, UUID jobId, UUID actionId, int requestsProcessing,
        Long lastRequestAt, long createdAt, Long readyAt, Long closingAt, Long closedAt, long requestsTotal) {

    static RunnerView of(Runner runner) {
        return new RunnerView(runner.id, runner.state().apiName(), runner.pool.version.jobId(),
                runner.pool.version.action().id(), runner.inFlight.size(), seconds(runner.lastRequestAt),
                runner.createdAt.getEpochSecond(), seconds(runner.readyAt), seconds(runner.closingAt),
                seconds(runner.closedAt), runner.requestsTotal());
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
