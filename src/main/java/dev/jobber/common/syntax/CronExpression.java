package dev.jobber.common.syntax;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.generator.FieldValueGenerator;
import com.cronutils.model.time.generator.FieldValueGeneratorFactory;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private static final int DAY = 24 * 60 * 60;
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

    /**
     * The shortest time this schedule can leave between two runs. Days are taken as adjacent whatever the day fields
     * say, so the answer may be shorter than the truth (never longer): {@code 59 59 23 * * *} runs a day apart.
     */
    public Duration shortestInterval() {
        Cron cron = cron();
        List<Integer> hours = values(cron, CronFieldName.HOUR, 23);
        List<Integer> minutes = values(cron, CronFieldName.MINUTE, 59);
        List<Integer> seconds = values(cron, CronFieldName.SECOND, 59);
        int shortest = DAY;
        int first = -1;
        int previous = -1;
        for (int hour : hours) {
            for (int minute : minutes) {
                for (int second : seconds) {
                    int time = hour * 3600 + minute * 60 + second;
                    if (previous < 0) {
                        first = time;
                    } else {
                        shortest = Math.min(shortest, time - previous);
                    }
                    previous = time;
                }
            }
        }
        if (first >= 0) {
            shortest = Math.min(shortest, DAY - previous + first);
        }
        return Duration.ofSeconds(shortest);
    }

    private static List<Integer> values(Cron cron, CronFieldName name, int max) {
        FieldValueGenerator generator = FieldValueGeneratorFactory.forCronField(cron.retrieve(name));
        List<Integer> values = new ArrayList<>();
        for (int value = 0; value <= max; value++) {
            if (generator.isMatch(value)) {
                values.add(value);
            }
        }
        return values;
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
