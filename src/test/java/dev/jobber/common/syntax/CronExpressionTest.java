package dev.jobber.common.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.cronutils.model.time.ExecutionTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {

    /** Wednesday, 1 January 2025, noon UTC. */
    private static final ZonedDateTime NOON = ZonedDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void prefixesFiveFieldsWithZeroSeconds() {
        CronExpression cron = CronExpression.parse("*/15 9-17 * * 1-5");

        assertThat(cron.source()).isEqualTo("*/15 9-17 * * 1-5");
        assertThat(cron.sixFields()).isEqualTo("0 */15 9-17 * * 1-5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"* * * * * *; 1", "*/5 * * * * *; 5", "* * * * *; 60", "0 0 * * * *; 3600",
            "@daily; 86400", "0,1 0 0 1 1 *; 1", "59 59 23 * * *; 86400", "0 0,59 0,23 * * *; 60", "0 0 0,12 * * *; 43200",
            "30 */5 * * * *; 300", "10-12 0 0 * * *; 1"})
    void knowsTheShortestTimeBetweenTwoRuns(String cron, long seconds) {
        assertThat(CronExpression.parse(cron).shortestInterval()).hasSeconds(seconds);
    }

    @Test
    void keepsSixFieldsWithLeadingSeconds() {
        assertThat(CronExpression.parse("30 */5 * * * *").sixFields()).isEqualTo("30 */5 * * * *");
    }

    @Test
    void acceptsSurroundingAndRepeatedWhitespace() {
        assertThat(CronExpression.parse("  0   3 * *\t*  ").sixFields()).isEqualTo("0 0 3 * * *");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "@yearly;0 0 0 1 1 *",
            "@annually;0 0 0 1 1 *",
            "@monthly;0 0 0 1 * *",
            "@weekly;0 0 0 * * 0",
            "@daily;0 0 0 * * *",
            "@midnight;0 0 0 * * *",
            "@hourly;0 0 * * * *",
            "@minutely;0 * * * * *",
            "@secondly;* * * * * *",
            "@weekdays;0 0 0 * * 1-5",
            "@weekends;0 0 0 * * 0,6",
            "@DAILY;0 0 0 * * *"})
    void expandsPresets(String preset, String sixFields) {
        assertThat(CronExpression.parse(preset).sixFields()).isEqualTo(sixFields);
    }

    @Test
    void rejectsUnknownPresetNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> CronExpression.parse("@fortnightly"))
                .withMessageContaining("unknown preset \"@fortnightly\"")
                .withMessageContaining("@weekdays");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // Thursday 2 January onwards
            "@weekdays; 2025-01-02T00:00 2025-01-03T00:00 2025-01-06T00:00",
            "@weekends; 2025-01-04T00:00 2025-01-05T00:00 2025-01-11T00:00",
            "@weekly; 2025-01-05T00:00 2025-01-12T00:00 2025-01-19T00:00",
            "0 0 * * MON; 2025-01-06T00:00 2025-01-13T00:00 2025-01-20T00:00",
            "0 0 * * mon; 2025-01-06T00:00 2025-01-13T00:00 2025-01-20T00:00",
            "0 0 * * 0; 2025-01-05T00:00 2025-01-12T00:00 2025-01-19T00:00",
            "0 0 * * 7; 2025-01-05T00:00 2025-01-12T00:00 2025-01-19T00:00",
            "0 0 * * SUN; 2025-01-05T00:00 2025-01-12T00:00 2025-01-19T00:00",
            "0 0 * * MON-FRI; 2025-01-02T00:00 2025-01-03T00:00 2025-01-06T00:00",
            "0 0 * * SUN-TUE; 2025-01-05T00:00 2025-01-06T00:00 2025-01-07T00:00",
            "0 0 * * FRI-MON; 2025-01-03T00:00 2025-01-04T00:00 2025-01-05T00:00",
            "0 0 1 JAN *; 2026-01-01T00:00 2027-01-01T00:00 2028-01-01T00:00",
            "0 0 1 feb,MAR *; 2025-02-01T00:00 2025-03-01T00:00 2026-02-01T00:00",
            "30 12 * * *; 2025-01-01T12:30 2025-01-02T12:30 2025-01-03T12:30",
            "*/20 * * * * *; 2025-01-01T12:00:20 2025-01-01T12:00:40 2025-01-01T12:01",
            "@hourly; 2025-01-01T13:00 2025-01-01T14:00 2025-01-01T15:00"})
    void firesWhenUnixCronWould(String expression, String expected) {
        ExecutionTime execution = ExecutionTime.forCron(CronExpression.parse(expression).cron());

        List<String> fired = new ArrayList<>();
        ZonedDateTime time = NOON;
        for (int i = 0; i < 3; i++) {
            time = execution.nextExecution(time).orElseThrow();
            fired.add(time.toLocalDateTime().toString());
        }

        assertThat(fired).containsExactly(expected.split(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * *", "* * * * * * *", "", "   "})
    void rejectsWrongNumberOfFields(String expression) {
        assertThatIllegalArgumentException().isThrownBy(() -> CronExpression.parse(expression))
                .withMessageContaining("must have 5 fields (minute hour day month weekday) or 6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8",
            "60 * * * * *", "* * * * FUNDAY", "* * * JANUARY *", "a b c d e", "*/0 * * * *", "1,,2 * * * *",
            "5-1 * * * *", "* 22-2 * * *", "* * 30-2 * *", "* * * NOV-FEB *", "0 0 ? * *", "0 0 L * *", "-1 * * * *"})
    void rejectsInvalidExpressionQuotingIt(String expression) {
        assertThatIllegalArgumentException().isThrownBy(() -> CronExpression.parse(expression))
                .withMessageStartingWith("invalid cron expression \"" + expression + "\"");
    }
}
