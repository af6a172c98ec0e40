package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Rules for schedule triggers ({@code SCHEDULE_*}). */
@ConfigMapping(prefix = "schedule")
public interface ScheduleConfig {

    /**
     * Shortest time a schedule may leave between two runs ({@code SCHEDULE_MIN_INTERVAL}); a cron expression that
     * can fire sooner after a run is refused at publish. Whole seconds; 1 s (the default) allows every cron.
     */
    @WithDefault("1s")
    Duration minInterval();
}
