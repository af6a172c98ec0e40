package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Where job logs go ({@code LOG_DRIVER*}). */
@ConfigMapping(prefix = "log")
public interface LogConfig {

    enum Driver { DATABASE, LOKI }

    /** {@code database} or {@code loki} ({@code LOG_DRIVER}). */
    @WithDefault("database")
    Driver driver();

    /** Complete Loki push URL, {@code …/loki/api/v1/push} ({@code LOG_DRIVER_LOKI_PUSH}); required with loki. */
    Optional<URL> driverLokiPush();

    /** Complete Loki query URL, {@code …/loki/api/v1/query_range} ({@code LOG_DRIVER_LOKI_QUERY}); required with loki. */
    Optional<URL> driverLokiQuery();

    /** How far back Loki queries look, in seconds ({@code LOG_DRIVER_LOKI_QUERY_RANGE}). */
    @WithDefault("86400")
    long driverLokiQueryRange();

    /**
     * Also send each line's version, runner, stream and request id to Loki as structured metadata
     * ({@code LOG_DRIVER_LOKI_STRUCTURED_METADATA}); needs Loki 2.9 or later with structured metadata allowed (the
     * default of Loki 3). Without it those fields are not stored in Loki and cannot be filtered on.
     */
    @WithDefault("true")
    boolean driverLokiStructuredMetadata();

    /** How long the database driver keeps log lines ({@code LOG_RETENTION}); older ones are deleted periodically. */
    @WithDefault("7d")
    Duration retention();

    /**
     * Lines waiting to be written, at most ({@code LOG_BUFFER_SIZE}); when full, Jobber stops reading runners' output
     * (their writes wait) until lines are written. Nothing is dropped for want of room.
     */
    @WithDefault("10000")
    int bufferSize();

    /**
     * Lines of one job waiting to be written, at most ({@code LOG_BUFFER_JOB_SHARE}); a job holding its share waits
     * while other jobs' lines still get in. At most {@code LOG_BUFFER_SIZE}; half of it when not set.
     */
    OptionalInt bufferJobShare();

    /** {@link #bufferJobShare()}, or half of {@link #bufferSize()} when not set. */
    static int jobShare(LogConfig config) {
        return config.bufferJobShare().orElse(Math.max(1, config.bufferSize() / 2));
    }

    /** Most lines written in one insert or push ({@code LOG_BATCH_SIZE}). */
    @WithDefault("1000")
    int batchSize();
}
