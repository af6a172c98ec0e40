package dev.jobber.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.spi.OperableTrigger;

class SchedulesTest {

    private static final JobKey JOB = JobKey.jobKey("trigger", "job");

    @Test
    void aReplacedScheduleDoesNotFireTheTickOfTheCurrentSecondAgain() {
        Instant now = Instant.parse("2026-12-07T13:47:49.100Z");

        OperableTrigger trigger = (OperableTrigger) Schedules.quartzTrigger(JOB, "t-0", "* * * * * ?",
                ZoneOffset.UTC, now);

        assertThat(trigger.computeFirstFireTime(null)).isEqualTo(Date.from(Instant.parse("2026-12-07T13:47:50Z")));
        trigger.triggered(null);
        assertThat(trigger.getNextFireTime()).isEqualTo(Date.from(Instant.parse("2026-12-07T13:47:51Z")));
    }

    @Test
    void aNewScheduleFiresAtTheNextTickOnItsCron() {
        Instant now = Instant.parse("2026-12-07T12:00:00.300Z");

        OperableTrigger trigger = (OperableTrigger) Schedules.quartzTrigger(JOB, "t-0", "0 0 12 * * ?",
                ZoneOffset.UTC, now);

        assertThat(trigger.computeFirstFireTime(null)).isEqualTo(Date.from(Instant.parse("2026-12-08T12:00:00Z")));
    }
}
