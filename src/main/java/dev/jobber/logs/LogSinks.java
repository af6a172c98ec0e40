package dev.jobber.logs;

import dev.jobber.config.LogConfig;
import dev.jobber.logs.loki.LokiLogSink;
import dev.jobber.logs.postgres.PostgresLogSink;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.time.Duration;
import javax.sql.DataSource;

/** Produces the {@link LogSink} of {@code LOG_DRIVER} and closes it (writing what is buffered) on shutdown. */
public final class LogSinks {

    @Produces
    @Singleton
    LogSink sink(LogConfig config, DataSource dataSource) throws URISyntaxException {
        return switch (config.driver()) {
            case DATABASE -> new PostgresLogSink(dataSource, config.bufferSize(), LogConfig.jobShare(config),
                    config.batchSize());
            case LOKI -> new LokiLogSink(config.driverLokiPush().orElseThrow().toURI(),
                    config.driverLokiQuery().orElseThrow().toURI(),
                    Duration.ofSeconds(config.driverLokiQueryRange()), config.driverLokiStructuredMetadata(),
                    config.bufferSize(), LogConfig.jobShare(config), config.batchSize());
        };
    }

    void close(@Disposes LogSink sink) {
        sink.close();
    }
}
