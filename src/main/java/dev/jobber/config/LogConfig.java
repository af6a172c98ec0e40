package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URL;
import java.util.Optional;

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
}
