package dev.jobber.metrics;

import dev.jobber.logs.LogSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Exposes the log buffer (lines waiting, the most ever waiting) and the lines that could not be written. */
@ApplicationScoped
public class LogMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, LogSink sink) {
        FunctionCounter.builder("jobber.log.lines.dropped", sink, LogSink::dropped)
                .description("Log lines dropped: of runners killed while the log buffer had no room, "
                        + "or whose writing failed for good, or appended while Jobber was shutting down")
                .register(registry);
        Gauge.builder("jobber.log.buffer.lines", sink, LogSink::buffered)
                .description("Log lines waiting to be written").register(registry);
        Gauge.builder("jobber.log.buffer.peak.lines", sink, LogSink::peakBuffered)
                .description("The most log lines that ever waited to be written at once").register(registry);
    }
}
