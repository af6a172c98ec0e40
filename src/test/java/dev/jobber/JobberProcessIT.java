package dev.jobber;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Multipart;
import dev.jobber.testing.TestAdmin;
import dev.jobber.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged application as a user starts it: embedded database, restarts, configuration errors, bad uploads. */
class JobberProcessIT {

    @TempDir
    Path temp;

    @Test
    void keepsEveryJobAcrossARestartAndLeavesNoDatabaseProcessBehind() throws Exception {
        Path dataDir = temp.resolve("data");
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            HttpResponse<String> published = Multipart.post(jobber.uri("/api/job/publish/"), "archive",
                    job("restart-survivor", "1.0.0").zip());
            assertThat(published.statusCode()).isEqualTo(200);

            assertThat(jobber.stop()).isIn(0, 143);
            assertThat(jobber.output()).doesNotContain("ERROR").doesNotContain("Exception");
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();

        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            assertThat(jobber.get("/api/job/").body()).contains("\"jobName\":\"restart-survivor\"")
                    .contains("\"version\":\"1.0.0\"");
            assertThat(TestFiles.listFiles(dataDir.resolve("archives"))).hasSize(1);
            jobber.stop();
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();
    }

    @Test
    void keepsAnAnsweredPublishWhenJobberAndItsDatabaseAreKilled() throws Exception {
        Path dataDir = temp.resolve("both-killed");
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            assertThat(Multipart.post(jobber.uri("/api/job/publish/"), "archive", job("crash-survivor", "1.0.0").zip())
                    .statusCode()).isEqualTo(200);
            jobber.kill();
        }
        JobberProcess.postgresUsing(dataDir).forEach(postmaster -> {
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        });

        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            assertThat(jobber.get("/api/job/").body()).contains("\"jobName\":\"crash-survivor\"");
            jobber.stop();
        }
    }

    @Test
    void generatesTheAdministratorPasswordOnceWhenNoneIsConfigured() throws Exception {
        Path dataDir = temp.resolve("admin");
        String password;
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of("STARTUP_PASSWORD", "")).awaitLive()) {
            java.util.regex.Matcher printed = java.util.regex.Pattern.compile("generated password (\\S+)")
                    .matcher(jobber.output());
            assertThat(printed.find()).as(jobber.output()).isTrue();
            password = printed.group(1);
            assertThat(TestAdmin.login(jobber.uri("/"), "admin", password)).startsWith("jobber-session=");
            jobber.stop();
        }
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of("STARTUP_PASSWORD", "")).awaitLive()) {
            assertThat(jobber.output()).doesNotContain("generated password");
            assertThat(TestAdmin.login(jobber.uri("/"), "admin", password)).startsWith("jobber-session=");
            jobber.stop();
        }
    }

    @Test
    void generatesASecretKeyOnceAndRefusesToStartWithAnotherOne() throws Exception {
        Path dataDir = temp.resolve("keys");
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            assertThat(jobber.output()).contains("Generated the secret key").contains("Back it up");
            jobber.stop();
        }
        assertThat(dataDir.resolve("secret.key")).exists();
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of("JOBBER_SECRET_KEY", otherKey))) {
            assertThat(jobber.awaitExit()).isNotZero();
            assertThat(jobber.output()).contains("Wrong secret key").contains("JOBBER_SECRET_KEY");
        }
        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of()).awaitReady()) {
            assertThat(jobber.output()).doesNotContain("Generated the secret key");
            jobber.stop();
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();
    }

    @Test
    void startsAndPublishesWithoutADockerEngineAndSaysWhich() throws Exception {
        String engine = "tcp://127.0.0.1:1";
        try (JobberProcess jobber = JobberProcess.start(temp.resolve("no-docker"), Map.of("DOCKER_HOST", engine))
                .awaitLive()) {
            HttpResponse<String> published = Multipart.post(jobber.uri("/api/job/publish/"), "archive",
                    job("without-docker", "1.0.0").zip());
            assertThat(published.statusCode()).isEqualTo(200);

            HttpResponse<String> ready = jobber.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("127.0.0.1:1");

            try (var client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> call = client.send(java.net.http.HttpRequest.newBuilder(
                        jobber.gatewayUri("/without-docker")).header("Accept", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(call.statusCode()).isEqualTo(503);
                assertThat(call.body()).contains("127.0.0.1:1");
            }
            assertThat(jobber.stop()).isIn(0, 143);
        }
    }

    @Test
    void refusesInvalidConfigurationNamingTheVariable() throws Exception {
        Map<String, String> cases = Map.of(
                "MANAGER_PORT", "not-a-port",
                "GATEWAY_PORT", "70000",
                "DATABASE_URL", "mysql://db/jobber",
                "LOG_DRIVER", "elastic",
                "RUNNER_ALLOW_DOCKER_ARGUMENT_TYPES", "volumes,everything",
                "JOBBER_SECRET_KEY", "dG9vIHNob3J0");
        for (var entry : cases.entrySet()) {
            Path dataDir = temp.resolve("config-" + entry.getKey());
            try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of(entry.getKey(), entry.getValue()))) {
                assertThat(jobber.awaitExit()).as(entry.getKey()).isNotZero();
                assertThat(jobber.output()).as(entry.getKey()).contains(entry.getKey());
            }
            assertThat(postgresProcessesUsing(dataDir)).isZero();
        }
    }

    @Test
    void refusesAZipBombAndHugeUploadsWithASmallHeap() throws Exception {
        Path dataDir = temp.resolve("data");
        Path bomb = temp.resolve("bomb.zip");
        Path bulky = temp.resolve("bulky.zip");
        Path oversized = temp.resolve("oversized.zip");
        writeZip(bomb, "bomb", 1024L * 1024 * 1024, false);
        writeZip(bulky, "bulky", 90L * 1024 * 1024, true);
        writeZip(oversized, "oversized", 110L * 1024 * 1024, true);

        try (JobberProcess jobber = JobberProcess.start(dataDir, Map.of(), "-Xmx96m").awaitReady()) {
            HttpResponse<String> bombAnswer = Multipart.post(jobber.uri("/api/job/publish/"), "archive", bomb);
            assertThat(bombAnswer.statusCode()).isEqualTo(400);
            assertThat(bombAnswer.body()).contains("expands to more than");

            // Within the size limit but far larger than the heap: streamed to disk, inspected, refused for its main.
            HttpResponse<String> bulkyAnswer = Multipart.post(jobber.uri("/api/job/publish/"), "archive", bulky);
            assertThat(bulkyAnswer.statusCode()).isEqualTo(400);
            assertThat(bulkyAnswer.body()).contains("main");

            HttpResponse<String> oversizedAnswer = Multipart.post(jobber.uri("/api/job/publish/"), "archive",
                    oversized);
            assertThat(oversizedAnswer.statusCode()).isEqualTo(413);

            assertThat(jobber.get("/q/health/ready").statusCode()).isEqualTo(200);
            assertThat(jobber.get("/api/job/").body()).isEqualTo("{\"success\":true,\"data\":[]}");
            assertThat(TestFiles.listFiles(dataDir.resolve("archives"))).isEmpty();
            assertThat(jobber.output()).doesNotContain("OutOfMemoryError");
            jobber.stop();
        }
    }

    /** A job whose one file has {@code size} bytes: zeros (compressing to almost nothing) or random bytes. */
    private static void writeZip(Path target, String name, long size, boolean random) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry("package.json"));
            zip.write(("{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"main\":\"missing.js\"}").getBytes());
            zip.closeEntry();
            ZipEntry data = new ZipEntry("data.bin");
            if (random) {
                zip.setLevel(0);
            }
            zip.putNextEntry(data);
            write(zip, size, random);
            zip.closeEntry();
        }
    }

    private static void write(OutputStream out, long size, boolean random) throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        Random generator = new Random(7);
        for (long written = 0; written < size; written += chunk.length) {
            if (random) {
                generator.nextBytes(chunk);
            }
            out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
        }
    }

    private static long postgresProcessesUsing(Path dataDir) {
        return JobberProcess.postgresUsing(dataDir).size();
    }
}
