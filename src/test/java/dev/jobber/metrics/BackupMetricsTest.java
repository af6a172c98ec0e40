package dev.jobber.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.config.JobberConfig;
import dev.jobber.database.backup.DatabaseBackups;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class BackupMetricsTest {

    @Inject
    DatabaseBackups backups;

    @Inject
    JobberConfig config;

    private static double value(String name, String result) {
        PrometheusText text = new PrometheusText(given().get("/api/metrics").then().statusCode(200).extract()
                .asString());
        return text.value(name, result == null ? Map.of() : Map.of("result", result)).orElseThrow();
    }

    @Test
    void backupsAndTheirFailuresAreCountedAndTheLastSuccessIsTimed() throws Exception {
        double successes = value("jobber_database_backups_total", "success");
        double failures = value("jobber_database_backups_total", "failure");
        Instant before = Instant.now();

        backups.backUp();
        assertThat(value("jobber_database_backups_total", "success")).isEqualTo(successes + 1);
        assertThat(value("jobber_database_backup_last_success_timestamp_seconds", null))
                .isGreaterThanOrEqualTo(before.getEpochSecond());

        // A file where the backup directory should be: the backup cannot be written.
        Path directory = config.dataDir().resolve("backups");
        TestFiles.deleteRecursively(directory);
        Files.writeString(directory, "in the way");
        try {
            assertThatThrownBy(backups::backUp).isInstanceOf(IOException.class);
        } finally {
            Files.delete(directory);
        }
        assertThat(value("jobber_database_backups_total", "failure")).isEqualTo(failures + 1);
        assertThat(value("jobber_database_backups_total", "success")).isEqualTo(successes + 1);
    }
}
