package dev.jobber.common.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.time.ExecutionTime;
import java.text.ParseException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuartzCronTest {

    /** The next {@code count} instants of the Quartz expressions together (cron fires when any of them does). */
    private static List<ZonedDateTime> quartz(CronExpression cron, ZoneId zone, ZonedDateTime from, int count)
            throws ParseException {
        List<org.quartz.CronExpression> expressions = new ArrayList<>();
        for (String expression : QuartzCron.expressions(cron)) {
            org.quartz.CronExpression quartz = new org.quartz.CronExpression(expression);
            quartz.setTimeZone(TimeZone.getTimeZone(zone));
            expressions.add(quartz);
        }
        List<ZonedDateTime> times = new ArrayList<>();
        Date after = Date.from(from.toInstant());
        while (times.size() < count) {
            Date next = null;
            for (org.quartz.CronExpression expression : expressions) {
                Date candidate = expression.getNextValidTimeAfter(after);
                if (candidate != null && (next == null || candidate.before(next))) {
                    next = candidate;
                }
            }
            times.add(next.toInstant().atZone(zone));
            after = next;
        }
        return times;
    }

    private static List<ZonedDateTime> reference(CronExpression cron, ZonedDateTime from, int count) {
        ExecutionTime execution = ExecutionTime.forCron(cron.cron());
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime after = from;
        while (times.size() < count) {
            after = execution.nextExecution(after).orElseThrow();
            times.add(after);
        }
        return times;
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
        "0 9 * * *|Asia/Kathmandu",
        "30 2 * * *|Europe/Berlin",
        "*/15 * * * 1-5|America/New_York",
        "0 0 1 * 1|UTC",
        "0 12 * * 0|Australia/Lord_Howe",
        "0 12 * * 7|UTC",
        "0 8 * * 5-7|UTC",
        "0 0 * * */2|UTC",
        "0 6 * JAN,JUL MON|Europe/London",
        "15 */2 * * * *|America/St_Johns",
        "@weekdays|Pacific/Chatham",
        "@weekends|UTC",
        "@monthly|Asia/Tokyo",
        "0 0 29 2 *|UTC",
    })
    void firesAtTheSameInstantsAsTheCronDefinition(String source, String zoneName) throws ParseException {
        // Quartz looks up to 100 years ahead: 20 leap days fit.
        int count = 20;
        compare(source, zoneName, java.time.LocalDate.of(2026, 3, 1), count);
    }

    @ParameterizedTest(name = "{0} in {1} from {2}")
    @CsvSource(delimiter = '|', value = {
        "30 2 * * *|Europe/Berlin|2026-03-25",
        "0 */30 * * * *|Europe/Berlin|2026-10-24",
        "0 30 2 * * *|America/New_York|2026-03-05",
    })
    void followsDaylightSavingTransitionsLikeTheCronDefinition(String source, String zoneName, String start)
            throws ParseException {
        compare(source, zoneName, java.time.LocalDate.parse(start), 20);
    }

    @ParameterizedTest(name = "{0} in {1} on {2}")
    @CsvSource(delimiter = '|', value = {
        "30 2 * * *|Europe/Berlin|2026-10-25",
        "0 30 1 * * *|America/New_York|2026-11-01",
    })
    void firesOnceInAFallBackOverlapAtTheLaterOccurrence(String source, String zoneName, String day)
            throws ParseException {
        ZoneId zone = ZoneId.of(zoneName);
        java.time.LocalDate overlap = java.time.LocalDate.parse(day);
        List<ZonedDateTime> times = quartz(CronExpression.parse(source), zone,
                overlap.minusDays(2).atStartOfDay(zone), 5);

        assertThat(times).extracting(ZonedDateTime::toLocalDate)
                .containsExactly(overlap.minusDays(2), overlap.minusDays(1), overlap, overlap.plusDays(1),
                        overlap.plusDays(2));
        ZonedDateTime onOverlap = times.get(2);
        assertThat(onOverlap.getOffset()).isEqualTo(zone.getRules().getValidOffsets(onOverlap.toLocalDateTime())
                .getLast());
    }

    private static void compare(String source, String zoneName, java.time.LocalDate start, int count)
            throws ParseException {
        CronExpression cron = CronExpression.parse(source);
        ZoneId zone = ZoneId.of(zoneName);
        ZonedDateTime from = start.atStartOfDay(zone);

        assertThat(quartz(cron, zone, from, count)).isEqualTo(reference(cron, from, count));
    }
}
