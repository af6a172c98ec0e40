package dev.jobber.trigger.schedule;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.database.EmbeddedDatabase;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Multipart;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Jobber processes on one database: each schedule tick runs once across both. */
class ClusteredScheduleIT {

    @TempDir
    Path temp;

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    @Test
    void twoInstancesOnOneDatabaseRunEachTickOnce() throws Exception {
        TestDocker.ensureRunnerImages();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"));
                TickRecorder recorder = new TickRecorder()) {
            Map<String, String> environment = new HashMap<>(Map.of(
                    "DATABASE_URL", "postgresql://postgres:" + database.url().password() + "@127.0.0.1:"
                            + database.port() + "/" + EmbeddedDatabase.DATABASE_NAME,
                    "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                    "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24),
                    // Instances on one database must share the key of its secrets.
                    "JOBBER_SECRET_KEY", randomKey()));
            // Instances on one database share the data directory (archives) as they would a volume.
            Path shared = temp.resolve("data");
            try (JobberProcess first = JobberProcess.start(shared, environment);
                    JobberProcess second = JobberProcess.start(shared, environment)) {
                first.awaitReady();
                second.awaitReady();
                byte[] archive = job("clustered", "1.0.0").file("index.js", recorder.function(0)).manifest(m -> {
                    m.withArray("triggers").removeAll();
                    m.withArray("triggers").addObject().put("type", "schedule").put("cron", "* * * * * *")
                            .put("name", "every-second");
                }).zip();
                HttpResponse<String> published = Multipart.post(first.uri("/api/job/publish/"), "archive", archive);
                assertThat(published.statusCode()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(60)).until(() -> recorder.received().size() >= 8);

                List<Long> ticks = recorder.received().stream().map(t -> t.path("scheduledAt").asLong()).toList();
                assertThat(ticks).doesNotHaveDuplicates();
                first.stop();
                second.stop();
            }
        }
    }
}
