package dev.jobber.trigger.mqtt;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Mosquitto;
import dev.jobber.testing.Multipart;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QoS 1 message Jobber took but had not handled when it was killed reaches the function again after a restart. */
class MqttRedeliveryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;

    private static JsonNode get(JobberProcess jobber, String path) throws IOException {
        HttpResponse<String> response = jobber.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body()).path("data");
    }

    private static boolean triggerHealthy(JobberProcess jobber, String jobId) throws IOException {
        String triggerId = get(jobber, "/api/job/" + jobId + "/triggers:current").path(0).path("id").asText();
        return "healthy".equals(get(jobber, "/api/job/" + jobId + "/triggers/" + triggerId + "/status")
                .path("status").asText());
    }

    private static long attempts(TickRecorder recorder, String text) {
        return recorder.received().stream().filter(h -> h.path("attempt").asBoolean()
                && h.path("text").asText().equals(text)).count();
    }

    @Test
    void aMessageInFlightWhenJobberIsKilledIsDeliveredAgainAfterTheRestart() throws Exception {
        TestDocker.ensureRunnerImages();
        // The same instance name after the restart: its trigger resumes the same broker session.
        Map<String, String> environment = Map.of(
                "JOBBER_NAME", "jobber-it-" + UUID.randomUUID().toString().substring(0, 8),
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24));
        Path dataDir = temp.resolve("data");
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            byte[] archive = job("mqtt-redelivery", "1.0.0").file("index.js", Functions.source("mqtt.js")
                    .replace("'RECORDER_URL'", "'" + recorder.url() + "'")).manifest(m -> {
                        m.withArray("triggers").removeAll();
                        ObjectNode trigger = m.withArray("triggers").addObject().put("type", "mqtt")
                                .put("name", "sensor");
                        trigger.withArray("topics").add("in/#");
                        trigger.putObject("connection").put("host", "127.0.0.1")
                                .put("port", String.valueOf(broker.port()));
                    }).zip();
            Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5()
                    .identifier("test-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(broker.port())
                    .buildBlocking();
            client.connect();
            String jobId;
            try (JobberProcess jobber = JobberProcess.start(dataDir, environment).awaitReady()) {
                HttpResponse<String> published = Multipart.post(jobber.uri("/api/job/publish/"), "archive", archive);
                assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
                jobId = MAPPER.readTree(published.body()).path("data").path("job").path("id").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> triggerHealthy(jobber, jobId));

                client.publishWith().topic("in/x").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("hold-1".getBytes(StandardCharsets.UTF_8)).send();
                await().atMost(Duration.ofSeconds(30)).until(() -> attempts(recorder, "hold-1") >= 1);
                jobber.kill();
            }

            try (JobberProcess jobber = JobberProcess.start(dataDir, environment).awaitReady()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> attempts(recorder, "hold-1") >= 2);
                recorder.release();
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.received().stream().anyMatch(h ->
                        !h.path("attempt").asBoolean() && h.path("text").asText().equals("hold-1")));
                jobber.stop();
            }
            client.disconnect();
        }
    }
}
