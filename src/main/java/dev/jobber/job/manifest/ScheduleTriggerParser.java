package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;
import dev.jobber.common.syntax.CronExpression;
import java.time.Duration;
import java.time.ZoneId;

/** {@code {"type":"schedule", cron, timezone?}}; a schedule may not run more often than the instance allows. */
final class ScheduleTriggerParser implements TriggerParser {

    private final Duration minInterval;

    ScheduleTriggerParser(Duration minInterval) {
        this.minInterval = minInterval;
    }

    @Override
    public TriggerDefinition parse(JsonFields trigger, String name, ObjectNode context) {
        String cron = trigger.text("cron", true, 1, 256).orElse(null);
        if (cron != null) {
            try {
                Duration shortest = CronExpression.parse(cron).shortestInterval();
                if (shortest.compareTo(minInterval) < 0) {
                    trigger.error("cron", "\"" + cron + "\" can run " + shortest.toSeconds()
                            + " s after its previous run; schedules may run at most every " + minInterval.toSeconds()
                            + " s");
                }
            } catch (IllegalArgumentException e) {
                trigger.error("cron", e.getMessage());
            }
        }
        String timezone = trigger.text("timezone", false, 1, 64).orElse(null);
        if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
            trigger.error("timezone", "unknown IANA time zone \"" + timezone + "\"");
        }
        return new TriggerDefinition.Schedule(name, cron, timezone, context);
    }
}
