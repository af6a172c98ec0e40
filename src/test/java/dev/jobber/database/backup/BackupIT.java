package dev.jobber.database.backup;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.TestDocker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application backs up its database on schedule, and a backup restored into an empty database (a fresh
 * data directory with its embedded PostgreSQL) with the restore command serves the same jobs.
 */
class BackupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = """
            module.exports.handler = async (req, res, context) => {
              const write = req.query('write');
              if (write !== null) await context.setStore('note', write);
              const note = await context.getStore('note');
              res.json({ greeting: process.env.GREETING ?? null, token: process.env.TOKEN ?? null,
                         note: note?.value ?? null });
            };
            """;

    @TempDir
    Path temp;

    @Test
    void restoresABackupIntoAnEmptyDatabaseThatThenServesTheSameJobs() throws Exception {
        TestDocker.ensureRunnerImages();
        Path original = temp.resolve("original");
        Map<String, String> environment = new HashMap<>(Map.of(
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24),
                "DATABASE_BACKUP_SCHEDULE", "* * * * * *",
                "DATABASE_BACKUP_RETENTION_COUNT", "3"));
        Map<String, String> before;
        Path backup;
        String jobId;
        try (JobberProcess jobber = JobberProcess.start(original, environment).awaitReady()) {
            AdminClient admin = new AdminClient(jobber);
            HttpResponse<String> published = admin.publish(job("restored-job", "1.0.0").file("index.js", FUNCTION)
                    .zip());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(admin.publish(job("other-job", "2.0.0").zip()).statusCode()).isEqualTo(200);
            jobId = JSON.readTree(published.body()).at("/data/job/id").asText();
            assertThat(admin.postForm("/api/job/" + jobId + "/environment/GREETING",
                    Map.of("type", "text", "value", "hello")).statusCode()).isEqualTo(200);
            assertThat(admin.postForm("/api/job/" + jobId + "/environment/TOKEN",
                    Map.of("type", "secret", "value", "s3cret")).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(call(jobber.gatewayUri(
                    "/restored-job?write=kept"))).isEqualTo(Map.of("greeting", "hello", "token", "s3cret",
                    "note", "kept")));
            before = state(admin, jobId);

            List<Path> taken = backups(original);
            await().atMost(Duration.ofSeconds(60)).until(() -> backups(original).stream()
                    .anyMatch(file -> !taken.contains(file)));
            backup = backups(original).getLast();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jobber.output().contains("beyond DATABASE_BACKUP_RETENTION_COUNT=3"));
            assertThat(backups(original).size()).isLessThanOrEqualTo(3);
            assertThat(jobber.stop()).isIn(0, 143);
        }
        Path kept = Files.copy(backup, temp.resolve("backup.zip"));

        // A new data directory, as on a new machine: the archives and the secret key come along, the database from
        // the backup.
        Path restored = temp.resolve("restored");
        copyTree(original.resolve("archives"), restored.resolve("archives"));
        Files.copy(original.resolve("secret.key"), restored.resolve("secret.key"));
        Process restore = restore(restored, kept);
        String restoreOutput = new String(restore.getInputStream().readAllBytes());
        assertThat(restore.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(restore.exitValue()).as(restoreOutput).isZero();
        assertThat(restoreOutput).contains("Restored").doesNotContain("Warning");

        try (JobberProcess jobber = JobberProcess.start(restored, environment).awaitReady()) {
            AdminClient admin = new AdminClient(jobber);
            assertThat(state(admin, jobId)).isEqualTo(before);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(call(jobber.gatewayUri(
                    "/restored-job"))).isEqualTo(Map.of("greeting", "hello", "token", "s3cret", "note", "kept")));
            jobber.stop();
        }
        // A second restore into a database with jobs is refused.
        Process again = restore(restored, kept);
        String againOutput = new String(again.getInputStream().readAllBytes());
        assertThat(again.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isNotZero();
        assertThat(againOutput).contains("already holds 2 job(s)");
    }

    @Test
    void refusesABadBackupScheduleOrTimeZoneNamingTheVariable() throws Exception {
        Map<String, String> cases = Map.of(
                "DATABASE_BACKUP_SCHEDULE", "0 0 * *",
                "DATABASE_BACKUP_SCHEDULE_TIMEZONE", "Mars/Olympus_Mons");
        for (var entry : cases.entrySet()) {
            try (JobberProcess jobber = JobberProcess.start(temp.resolve("config-" + entry.getKey()),
                    Map.of(entry.getKey(), entry.getValue()))) {
                assertThat(jobber.awaitExit()).as(entry.getKey()).isNotZero();
                assertThat(jobber.output()).as(entry.getKey()).contains(entry.getKey());
            }
        }
    }

    /** The admin API's view of the job: every job, and this one's versions, triggers, environment and store. */
    private static Map<String, String> state(AdminClient admin, String jobId) throws Exception {
        Map<String, String> state = new HashMap<>();
        for (String path : List.of("/api/job/", "/api/job/" + jobId, "/api/job/" + jobId + "/versions",
                "/api/job/" + jobId + "/triggers", "/api/job/" + jobId + "/environment",
                "/api/job/" + jobId + "/store/")) {
            HttpResponse<String> response = admin.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            state.put(path, response.body());
        }
        assertThat(state.get("/api/job/" + jobId + "/store/")).contains("\"key\":\"note\"");
        return state;
    }

    private static Map<String, Object> call(URI uri) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            Map<String, Object> values = new HashMap<>();
            body.properties().forEach(e -> values.put(e.getKey(), e.getValue().isNull() ? "null"
                    : e.getValue().asText()));
            return values;
        }
    }

    private static List<Path> backups(Path dataDir) {
        return new BackupFiles(dataDir.resolve("backups")).list();
    }

    private static Process restore(Path dataDir, Path backup) throws IOException {
        String jar = System.getProperty("jobber.jar", "target/quarkus-app/quarkus-run.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar, "restore", backup.toString())
                .redirectErrorStream(true);
        builder.environment().remove("DATABASE_URL");
        builder.environment().put("JOBBER_DATA_DIR", dataDir.toString());
        return builder.start();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : new ArrayList<>(paths.toList())) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
