package dev.jobber.runner;

import dev.jobber.runner.protocol.Frames;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/** Where a runner's stdout and stderr go: Jobber's own log, one line per printed line, each line bounded. */
@jakarta.enterprise.context.ApplicationScoped
public class RunnerOutput {

    private static final Logger OUTPUT = Logger.getLogger("dev.jobber.function.output");
    private static final Logger SYSTEM = Logger.getLogger("dev.jobber.function.system");
    private static final int MAX_LINE = 8 * 1024;

    void handle(Runner runner, Frames.Frame frame) {
        String stream = frame.header().getString("stream", "stdout");
        String text = frame.body().toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String bounded = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "… (truncated)" : line;
            OUTPUT.infof("[%s@%s %s %s] %s", runner.pool.version.jobName(), runner.pool.version.version(),
                    runner.id.toString().substring(0, 8), stream, bounded);
        }
    }

    void system(RunnerPool pool, String message) {
        SYSTEM.infof("[%s@%s] [SYSTEM] %s", pool.version.jobName(), pool.version.version(), message);
    }
}
