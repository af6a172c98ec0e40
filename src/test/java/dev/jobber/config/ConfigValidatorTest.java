package dev.jobber.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    @Test
    void acceptsTheDefaultBackupSettingsAndOtherCronForms() {
        for (String schedule : List.of("0 0 * * *", "30 2 * * MON-FRI", "0 0 */6 * * *", "@daily")) {
            assertThat(backupProblems(schedule, 32)).as(schedule).isEmpty();
        }
    }

    @Test
    void namesTheVariableOfABadBackupScheduleOrCount() {
        assertThat(backupProblems("every night", 32)).singleElement().asString()
                .startsWith("DATABASE_BACKUP_SCHEDULE: ");
        assertThat(backupProblems("0 25 * * *", 32)).singleElement().asString()
                .startsWith("DATABASE_BACKUP_SCHEDULE: ");
        assertThat(backupProblems("0 0 * * *", 0)).containsExactly(
                "DATABASE_BACKUP_RETENTION_COUNT: must be at least 1");
    }

    @Test
    void refusesAJobShareOfTheLogBufferLargerThanTheBuffer() {
        List<String> problems = new ArrayList<>();
        ConfigValidator.logBuffer(problems, 10_000, 5_000);
        assertThat(problems).isEmpty();
        ConfigValidator.logBuffer(problems, 1_000, 2_000);
        assertThat(problems).containsExactly("LOG_BUFFER_JOB_SHARE: must not exceed LOG_BUFFER_SIZE (1000)");
        problems.clear();
        ConfigValidator.logBuffer(problems, 1_000, 0);
        assertThat(problems).singleElement().asString().startsWith("LOG_BUFFER_JOB_SHARE: ");
    }

    @Test
    void acceptsAnHttpGatewayPublicUrlOnly() {
        for (String url : List.of("https://fn.example", "http://127.0.0.1:3001", "https://example.com/functions/")) {
            List<String> problems = new ArrayList<>();
            ConfigValidator.gatewayPublicUrl(problems, Optional.of(url));
            assertThat(problems).as(url).isEmpty();
        }
        for (String url : List.of("fn.example", "ftp://fn.example", "https://fn.example/?a=1", "http://bad host/")) {
            List<String> problems = new ArrayList<>();
            ConfigValidator.gatewayPublicUrl(problems, Optional.of(url));
            assertThat(problems).as(url).singleElement().asString().startsWith("GATEWAY_PUBLIC_URL: ");
        }
    }

    @Test
    void refusesTcpForRunnersWithoutANetwork() {
        List<String> problems = new ArrayList<>();
        ConfigValidator.managerTransport(problems, ManagerConfig.Transport.AUTO, Optional.of("none"));
        ConfigValidator.managerTransport(problems, ManagerConfig.Transport.TCP, Optional.of("host"));
        assertThat(problems).isEmpty();
        ConfigValidator.managerTransport(problems, ManagerConfig.Transport.TCP, Optional.of("none"));
        assertThat(problems).singleElement().asString().startsWith("MANAGER_TRANSPORT: ");
    }

    private static List<String> backupProblems(String schedule, int retentionCount) {
        List<String> problems = new ArrayList<>();
        ConfigValidator.backups(problems, new DatabaseConfig() {
            @Override
            public Optional<String> url() {
                return Optional.empty();
            }

            @Override
            public String backupSchedule() {
                return schedule;
            }

            @Override
            public ZoneId backupScheduleTimezone() {
                return ZoneId.of("UTC");
            }

            @Override
            public int backupRetentionCount() {
                return retentionCount;
            }

            @Override
            public Duration changeCheckInterval() {
                return Duration.ofSeconds(30);
            }
        });
        return problems;
    }
}
