package dev.jobber.trigger.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule as manifests write it: five Unix fields, six with a leading seconds field, month and day names, or one
 * of the presets ({@code @daily}, {@code @weekdays}, …). Always held in the six-field form.
 */
public record CronExpression(String source, String sixFields) {

    private static final Map<String, String> PRESETS = Map.ofEntries(
            Map.entry("@yearly", "0 0 0 1 1 *"),
            Map.entry("@annually", "0 0 0 1 1 *"),
            Map.entry("@monthly", "0 0 0 1 * *"),
            Map.entry("@weekly", "0 0 0 * * 0"),
            Map.entry("@daily", "0 0 0 * * *"),
            Map.entry("@midnight", "0 0 0 * * *"),
            Map.entry("@hourly", "0 0 * * * *"),
            Map.entry("@minutely", "0 * * * * *"),
            Map.entry("@secondly", "* * * * * *"),
            Map.entry("@weekdays", "0 0 0 * * 1-5"),
            Map.entry("@weekends", "0 0 0 * * 0,6"));

    private static final CronParser PARSER = new CronParser(sixFieldDefinition());

    /** @throws IllegalArgumentException saying what is wrong with {@code source} */
    public static CronExpression parse(String source) {
        String trimmed = source.trim();
        if (trimmed.startsWith("@")) {
            String preset = PRESETS.get(trimmed.toLowerCase(Locale.ROOT));
            if (preset == null) {
                throw new IllegalArgumentException("unknown preset \"" + trimmed + "\"; known are "
                        + String.join(", ", PRESETS.keySet().stream().sorted().toList()));
            }
            return new CronExpression(source, preset);
        }
        String[] fields = trimmed.split("\\s+");
        String six = switch (fields.length) {
            case 5 -> "0 " + String.join(" ", fields);
            case 6 -> String.join(" ", fields);
            default -> throw new IllegalArgumentException(
                    "must have 5 fields (minute hour day month weekday) or 6 (with leading seconds), got "
                            + fields.length);
        };
        try {
            Cron cron = PARSER.parse(six);
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression \"" + source + "\": " + e.getMessage(), e);
        }
        return new CronExpression(source, six);
    }

    public Cron cron() {
        return PARSER.parse(sixFields);
    }

    /** Strict ranges refuse a descending range like {@code 5-1}, which cron-utils would run as {@code 5} alone. */
    private static CronDefinition sixFieldDefinition() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withValidRange(0, 59).withStrictRange().and()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                // not strict: cron-utils wraps a descending weekday range (FRI-MON, and SUN-TUE as it reads SUN as 7)
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).and()
                .instance();
    }
}
