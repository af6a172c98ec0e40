package dev.jobber.database.changes;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Mosquitto;
import dev.jobber.testing.TestDocker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Jobber processes on one database: what is changed through one is in effect on the other within seconds. */
class ChangeFeedIT {

    /** Well below the periodic full check (30 s) and the 10 s polls this feed replaced. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /**
     * A runner's start on a busy machine. The environment wait may take this long: the instance that did not make
     * the change never sees the new value without the feed, however long it runs.
     */
    private static final Duration RUNNER_START = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aRouteAnEnvironmentValueATriggerAndDisablingMadeThroughOneInstanceTakeEffectOnTheOther() throws Exception {
        TestDocker.ensureRunnerImages();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"))) {
            Map<String, String> environment = environment(database);
            Path shared = temp.resolve("data"); // the archives, shared as a volume would be
            try (JobberProcess first = JobberProcess.start(shared, environment);
                    JobberProcess second = JobberProcess.start(shared, environment)) {
                first.awaitReady();
                second.awaitReady();
                AdminClient admin = new AdminClient(first);
                URI route = second.gatewayUri("/feed");
                assertThat(get(route).statusCode()).isEqualTo(404);

                HttpResponse<String> published = admin.publish(job("feed", "1.0.0").file("index.js",
                        "module.exports.handler = async (req, res) => res.text(process.env.GREETING ?? 'unset');\n")
                        .zip());
                assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
                String jobId = JSON.readTree(published.body()).path("data").path("job").path("id").asText();
                report("new route", PROMPTLY, () -> routed(route));
                await().atMost(RUNNER_START).until(() -> answers(route, 200, "unset"));

                assertThat(admin.postForm("/api/job/" + jobId + "/environment/GREETING",
                        Map.of("type", "text", "value", "hello")).statusCode()).isEqualTo(200);
                // On the other instance the job's runners are replaced: the wait includes a runner's start.
                report("environment value", RUNNER_START, () -> answers(route, 200, "hello"));

                // A trigger published through the first instance: the second connects it too.
                try (Mosquitto broker = Mosquitto.start()) {
                    HttpResponse<String> withTrigger = admin.publish(job("feed-mqtt", "1.0.0").manifest(m -> {
                        m.withArray("triggers").removeAll();
                        var trigger = m.withArray("triggers").addObject().put("type", "mqtt").put("name", "sensor");
                        trigger.withArray("topics").add("in/#");
                        trigger.putObject("connection").put("host", "127.0.0.1").put("port", broker.port());
                    }).zip());
                    assertThat(withTrigger.statusCode()).as(withTrigger.body()).isEqualTo(200);
                    String mqttJobId = JSON.readTree(withTrigger.body()).path("data").path("job").path("id").asText();
                    report("new MQTT trigger", PROMPTLY, () -> "healthy".equals(triggerStatus(second, mqttJobId)));
                }

                assertThat(admin.send(HttpRequest.newBuilder(first.uri("/api/job/" + jobId))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"disabled\"}"))).statusCode())
                        .isEqualTo(200);
                report("disabled job", PROMPTLY, () -> get(route).statusCode() == 404);

                first.stop();
                second.stop();
            }
        }
    }

    /** Waits for the condition and prints how long the other instance took (the latency the README states). */
    private static void report(String what, Duration atMost, Callable<Boolean> condition) {
        long start = System.nanoTime();
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition);
        System.out.printf("Change feed: %s in effect on the other instance after %d ms%n", what,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The status of the job's first current trigger as {@code instance} reports it, or null while it has none. */
    private static String triggerStatus(JobberProcess instance, String jobId) throws IOException {
        JsonNode triggers = JSON.readTree(instance.get("/api/job/" + jobId + "/triggers:current").body()).path("data");
        if (triggers.isEmpty()) {
            return null;
        }
        return JSON.readTree(instance.get("/api/job/" + jobId + "/triggers/" + triggers.get(0).path("id").asText()
                + "/status").body()).path("data").path("status").asText(null);
    }

    /** Whether the gateway knows the route: anything but its 404, or no answer yet while a runner starts. */
    private static boolean routed(URI uri) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(500)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() != 404;
        } catch (HttpTimeoutException e) {
            return true;
        }
    }

    private static boolean answers(URI uri, int status, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = get(uri);
        return response.statusCode() == status && response.body().equals(body);
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Map<String, String> environment(EmbeddedDatabase database) {
        DatabaseUrl url = database.url();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of(
                "DATABASE_URL", "postgresql://" + url.username() + ":"
                        + URLEncoder.encode(url.password(), StandardCharsets.UTF_8) + "@127.0.0.1:" + database.port()
                        + "/" + EmbeddedDatabase.DATABASE_NAME,
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE20_URL", TestDocker.image(20),
                "RUNNER_IMAGE_NODE22_URL", TestDocker.image(22),
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24),
                // Instances on one database share the key of its secrets.
                "JOBBER_SECRET_KEY", Base64.getEncoder().encodeToString(key));
    }
}
