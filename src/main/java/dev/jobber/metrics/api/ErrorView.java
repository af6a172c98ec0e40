package dev.jobber.metrics.api;

import dev.jobber.metrics.RecentErrors;
import java.util.Locale;
import java.util.UUID;

/** A recent failure as the admin API shows it: {@code time} in unix milliseconds, {@code kind} in lower case. */
public record ErrorView(long time, UUID jobId, String jobName, String kind, String message) {

    static ErrorView of(RecentErrors.Failure failure) {
        return new ErrorView(failure.time(), failure.jobId(), failure.jobName(),
                failure.kind().name().toLowerCase(Locale.ROOT), failure.message());
    }
}
