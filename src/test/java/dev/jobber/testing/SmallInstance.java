package dev.jobber.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An instance with tight limits: two runners in all, schedules at most every 10 s, requests waiting 15 s (a runner's
 * start on a busy machine fits in it).
 */
public class SmallInstance implements QuarkusTestProfile {

    public static final int MAX_RUNNERS = 2;
    public static final int SCHEDULE_MIN_SECONDS = 10;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("runner.max-total", String.valueOf(MAX_RUNNERS),
                "schedule.min-interval", SCHEDULE_MIN_SECONDS + "s",
                "runner.queue-wait", "15s");
    }
}
