package dev.jobber.metrics;

import dev.jobber.logs.LogSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Exposes how many log lines were dropped (buffer full, or writing failed for good) as a Prometheus counter. */
@ApplicationScoped
public class LogMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, LogSink sink) {
        FunctionCounter.builder("jobber.log.lines.dropped", sink, LogSink::dropped)
                .description("Log lines dropped because the log buffer was full or writing them failed")
                .register(registry);
    }
}
