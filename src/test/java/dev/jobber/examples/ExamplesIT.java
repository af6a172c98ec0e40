package dev.jobber.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Mosquitto;
import dev.jobber.testing.TestDocker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example in {@code examples/} published with its own {@code publish.sh} and run through its trigger. */
class ExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("examples");

    private static Path dataDir;
    private static Mosquitto broker;
    private static JobberProcess jobber;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws IOException {
        TestDocker.ensureRunnerImages();
        dataDir = Files.createTempDirectory("jobber-examples-");
        broker = Mosquitto.start();
        jobber = JobberProcess.start(dataDir, Map.of(
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE20_URL", TestDocker.image(20),
                "RUNNER_IMAGE_NODE22_URL", TestDocker.image(22),
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24))).awaitReady();
        admin = new AdminClient(jobber);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jobber != null) {
            jobber.stop();
            jobber.close();
        }
        if (broker != null) {
            broker.close();
        }
        dev.jobber.testing.TestFiles.deleteRecursively(dataDir);
    }

    @Test
    void helloGreetsOverHttp() throws Exception {
        publish("hello");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gateway("GET", "/hello?name=examples",
                null).path("message").asText()).isEqualTo("Hello, examples!"));
    }

    @Test
    void javascriptExampleCountsVisits() throws Exception {
        publish("http-javascript");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gateway("GET", "/visits?name=a", null)
                .path("visits").asInt()).isEqualTo(1));
        JsonNode second = gateway("GET", "/visits?name=b", null);
        assertThat(second.path("visits").asInt()).isEqualTo(2);
        assertThat(second.path("who").asText()).isEqualTo("b");
    }

    @Test
    void typescriptExampleBuildsWithTscAndGreets() throws Exception {
        publish("http-typescript");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gateway("POST", "/greet",
                "{\"name\":\"Ada\",\"language\":\"de\"}").path("message").asText()).isEqualTo("Hallo, Ada!"));
    }

    @Test
    void mqttExampleKeepsReadingsAndPublishesAlerts() throws Exception {
        String jobId = publish("mqtt", Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT", String.valueOf(broker.port())));
        JsonNode trigger = data(admin.get("/api/job/" + jobId + "/triggers:current")).get(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> data(admin.get("/api/job/" + jobId + "/triggers/"
                + trigger.path("id").asText() + "/status")).path("status").asText().equals("healthy"));

        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("examples-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
        try {
            List<String> alerts = new CopyOnWriteArrayList<>();
            client.toAsync().publishes(MqttGlobalPublishFilter.SUBSCRIBED, (Mqtt5Publish p) -> alerts.add(
                    p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            client.subscribeWith().topicFilter("examples/alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (var reading : Map.of("kitchen", "21.5", "boiler", "35").entrySet()) {
                client.publishWith().topic("examples/temperature/" + reading.getKey()).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(reading.getValue().getBytes(StandardCharsets.UTF_8)).send();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> !alerts.isEmpty());
            assertThat(alerts).singleElement().asString().startsWith("examples/alerts/boiler ")
                    .contains("\"celsius\":35");
            await().atMost(Duration.ofSeconds(30)).until(() -> storeKeys(jobId)
                    .containsAll(List.of("temperature:boiler", "temperature:kitchen")));
        } finally {
            client.disconnect();
        }
    }

    @Test
    void scheduledExampleRunsOnItsSchedule() throws Exception {
        String jobId = publish("schedule");
        await().atMost(Duration.ofSeconds(60)).until(() -> storeKeys(jobId).containsAll(List.of("runs", "lastRun")));
    }

    /** Runs the example's publish.sh against the Jobber under test; answers the job's id. */
    private static String publish(String example) throws Exception {
        return publish(example, Map.of());
    }

    private static String publish(String example, Map<String, String> environment) throws Exception {
        Path script = EXAMPLES.resolve(example).resolve("publish.sh");
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        builder.environment().put("JOBBER_URL", admin.baseUri().toString());
        builder.environment().put("JOBBER_TOKEN", admin.token());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String name = JSON.readTree(Files.readString(EXAMPLES.resolve(example).resolve("package.json")))
                .path("name").asText();
        for (JsonNode job : data(admin.get("/api/job/"))) {
            if (job.path("jobName").asText().equals(name)) {
                return job.path("id").asText();
            }
        }
        throw new AssertionError("No job " + name + " after publishing:\n" + output);
    }

    private static List<String> storeKeys(String jobId) throws Exception {
        return data(admin.get("/api/job/" + jobId + "/store/")).findValuesAsText("key");
    }

    private static JsonNode gateway(String method, String path, String body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(jobber.gatewayUri(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }

    private static JsonNode data(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("data");
    }
}
