package dev.jobber.trigger.mqtt;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.Mosquitto;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class MqttTriggerTest {

    /** Publishes the MQTT echo function subscribed to {@code topics} on the broker; returns the job id. */
    private static String publishEcho(TickRecorder recorder, List<String> topics, Consumer<ObjectNode> connection) {
        return publishEcho(recorder, topics, connection, "");
    }

    private static String publishEcho(TickRecorder recorder, List<String> topics, Consumer<ObjectNode> connection,
            String query) {
        return publishEcho(unique("mqtt"), "1.0.0", 24, recorder, topics, connection, query);
    }

    /** Publishes a version of the echo function for Node {@code nodeMajor}; returns the job id. */
    private static String publishEcho(String name, String version, int nodeMajor, TickRecorder recorder,
            List<String> topics, Consumer<ObjectNode> connection, String query) {
        String function = Functions.source("mqtt.js").replace("'RECORDER_URL'",
                "'" + (recorder == null ? "" : recorder.url()) + "'");
        return publish(job(name, version).file("index.js", function).manifest(m -> {
            m.putObject("engines").put("node", String.valueOf(nodeMajor));
            m.withArray("triggers").removeAll();
            ObjectNode trigger = m.withArray("triggers").addObject().put("type", "mqtt").put("name", "sensor");
            topics.forEach(trigger.withArray("topics")::add);
            connection.accept(trigger.putObject("connection"));
        }).zip(), query).statusCode(200).extract().path("data.job.id");
    }

    /** Publishes the echo function subscribed to {@code in/#} on {@code broker}; returns once its trigger is healthy. */
    private static String publishHealthyEcho(Mosquitto broker, TickRecorder recorder) {
        String jobId = publishEcho(recorder, List.of("in/#"), c -> c.put("host", "127.0.0.1")
                .put("port", broker.port()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
        return jobId;
    }

    private static String triggerStatus(String jobId, String field) {
        String triggerId = given().get("/api/job/" + jobId + "/triggers:current").then().extract().path("data[0].id");
        return given().get("/api/job/" + jobId + "/triggers/" + triggerId + "/status").then().statusCode(200)
                .extract().path("data." + field);
    }

    private static Mqtt5BlockingClient client(Mosquitto broker) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("test-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
        return client;
    }

    private static void send(Mqtt5BlockingClient client, String topic, String text) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static void receivesEchoesOnWildcardTopics(String version, boolean webSocket) {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            String jobId = publishEcho(recorder, List.of("in/+/data", "all/#"), c -> {
                c.put("host", "127.0.0.1")
                        .put("port", String.valueOf(webSocket ? broker.webSocketPort() : broker.port()));
                if (webSocket) {
                    c.put("protocol", "ws");
                }
                if (version != null) {
                    c.put("version", version);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            Mqtt5BlockingClient client = client(broker);
            List<String> echoed = new CopyOnWriteArrayList<>();
            client.toAsync().publishes(MqttGlobalPublishFilter.SUBSCRIBED,
                    (Mqtt5Publish p) -> echoed.add(p.getTopic() + "=" + new String(p.getPayloadAsBytes(),
                            StandardCharsets.UTF_8)));
            client.subscribeWith().topicFilter("out/#").qos(MqttQos.AT_LEAST_ONCE).send();

            send(client, "in/device-1/data", "hello");
            send(client, "all/x/y", "deep");
            send(client, "in/device-1/other", "ignored");
            // Sent last on a subscribed topic: once it was handled, a delivery of "ignored" would have come before.
            send(client, "all/last", "marker");

            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("marker")
                    && echoed.size() >= 3);
            assertThat(echoed).containsExactlyInAnyOrder("out/in/device-1/data=hello", "out/all/x/y=deep",
                    "out/all/last=marker");
            List<JsonNode> handled = recorder.received();
            assertThat(handled.stream().map(h -> h.path("topic").asText() + "=" + h.path("text").asText()))
                    .containsExactlyInAnyOrder("in/device-1/data=hello", "all/x/y=deep", "all/last=marker");
            assertThat(handled).allSatisfy(h -> {
                assertThat(h.path("published").asBoolean()).as("published back").isTrue();
                assertThat(h.path("name").asText()).isEqualTo("sensor");
            });
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void mqtt5TriggersHandleWildcardTopicsAndFunctionsPublishBack() {
        receivesEchoesOnWildcardTopics("5", false);
    }

    @Test
    void triggersConnectOverWebSockets() {
        receivesEchoesOnWildcardTopics(null, true);
    }

    @Test
    void mqtt311TriggersWorkToo() {
        receivesEchoesOnWildcardTopics("3.1.1", false);
    }

    @Test
    void valuesFromVariablesNeverAppearInTheTriggerStatusOrTheLogs() {
        // A password variable given as the port by mistake, and a host that cannot be reached.
        String badPort = publishEcho(null, List.of("in/#"), c -> c.put("host", "127.0.0.1")
                .put("portVariable", "BROKER_PASSWORD"), "?allowAutomaticRollout=false");
        String badHost = publishEcho(null, List.of("in/#"), c -> c.put("hostVariable", "BROKER_HOST")
                .put("port", 1), "?allowAutomaticRollout=false");
        setSecretAndActivate(badPort, "BROKER_PASSWORD", "hunter2-not-a-port");
        setSecretAndActivate(badHost, "BROKER_HOST", "secret-host-name.invalid");

        await().atMost(Duration.ofSeconds(30)).until(() -> triggerStatus(badPort, "message").contains("BROKER_PASSWORD"));
        await().atMost(Duration.ofSeconds(30)).until(() -> triggerStatus(badHost, "message").contains("Not connected"));
        assertThat(triggerStatus(badPort, "message")).doesNotContain("hunter2");
        assertThat(triggerStatus(badHost, "message")).contains("$BROKER_HOST").doesNotContain("secret-host-name");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/job/" + badHost + "/logs").then()
                .extract().asString().contains("$BROKER_HOST"));
        assertThat(given().get("/api/job/" + badHost + "/logs").then().extract().asString())
                .doesNotContain("secret-host-name");
        assertThat(given().get("/api/job/" + badPort + "/logs").then().extract().asString()).doesNotContain("hunter2");
        given().delete("/api/job/" + badPort).then().statusCode(200);
        given().delete("/api/job/" + badHost).then().statusCode(200);
    }

    private static void setSecretAndActivate(String jobId, String name, String value) {
        given().formParam("type", "secret").formParam("value", value)
                .post("/api/job/" + jobId + "/environment/" + name).then().statusCode(200);
        String versionId = given().get("/api/job/" + jobId + "/versions").then().extract().path("data[0].id");
        given().contentType("application/json").body("{\"jobVersionId\":\"" + versionId + "\"}")
                .put("/api/job/" + jobId).then().statusCode(200);
    }

    @Test
    void wrongCredentialsShowAnUnhealthyStatusWithoutBreakingAnything() {
        try (Mosquitto broker = Mosquitto.start("device", "right-password")) {
            String jobId = publishEcho(null, List.of("in/#"), c -> c.put("host", "127.0.0.1")
                    .put("port", broker.port()).put("username", "device").put("password", "wrong"));

            await().atMost(Duration.ofSeconds(20)).until(() -> triggerStatus(jobId, "message").contains("Not connected"));
            assertThat(triggerStatus(jobId, "status")).isEqualTo("unhealthy");
            given().get("/api/job/" + jobId).then().statusCode(200).body("data.status", equalTo("enabled"));
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void connectionFieldsComeFromTheJobsEnvironmentVariables() {
        try (Mosquitto broker = Mosquitto.start("device", "s3cret"); TickRecorder recorder = new TickRecorder()) {
            // Published inactive, configured, then rolled out: the trigger connects once, with both variables.
            String jobId = publishEcho(recorder, List.of("in/#"), c -> c.put("host", "127.0.0.1")
                    .put("portVariable", "BROKER_PORT").put("username", "device")
                    .put("passwordVariable", "BROKER_PASSWORD"), "?allowAutomaticRollout=false");

            given().formParam("type", "text").formParam("value", String.valueOf(broker.port()))
                    .post("/api/job/" + jobId + "/environment/BROKER_PORT").then().statusCode(200);
            given().formParam("type", "secret").formParam("value", "s3cret")
                    .post("/api/job/" + jobId + "/environment/broker_password").then().statusCode(200);
            String versionId = given().get("/api/job/" + jobId + "/versions").then().extract().path("data[0].id");
            given().contentType("application/json").body("{\"jobVersionId\":\"" + versionId + "\"}")
                    .put("/api/job/" + jobId).then().statusCode(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("test-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(broker.port()).simpleAuth().username("device")
                    .password("s3cret".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
            client.connect();
            send(client, "in/x", "from-variables");
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("from-variables"));
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void connectionsReplacedWhileRetryingNeverComeBackToTakeTheTriggerOver() {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            broker.stop();
            String jobId = publishEcho(recorder, List.of("in/#"), c -> c.put("host", "127.0.0.1")
                    .put("port", broker.port()));
            await().atMost(Duration.ofSeconds(20)).until(() -> triggerStatus(jobId, "message").contains("Not connected"));
            // Each environment change replaces the trigger's connection (same client id) while it is retrying.
            for (String value : List.of("1", "2")) {
                given().formParam("type", "text").formParam("value", value)
                        .post("/api/job/" + jobId + "/environment/UNRELATED").then().statusCode(200);
            }
            broker.startAgain();

            await().atMost(Duration.ofSeconds(30)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            // A replaced client would reconnect within its 10 s backoff and take the session over.
            await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            Mqtt5BlockingClient client = client(broker);
            send(client, "in/x", "after-replacements");
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("after-replacements"));
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aBrokerRestartInTheMiddleOfAStreamLosesNoQos1Message() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            String jobId = publishEcho(recorder, List.of("stream/#"), c -> c.put("host", "127.0.0.1")
                    .put("port", broker.port()));
            await().atMost(Duration.ofSeconds(20)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            var publisher = MqttClient.builder().useMqttVersion5().identifier("publisher-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(broker.port()).automaticReconnectWithDefaultConfig()
                    .buildAsync();
            publisher.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get();

            var sends = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
            for (int i = 0; i < 100; i++) {
                if (i == 50) {
                    broker.restart();
                }
                sends.add(publisher.publishWith().topic("stream/" + (i % 3)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> handled(recorder).size() == 100);
            assertThat(triggerStatus(jobId, "status")).isEqualTo("healthy");
            publisher.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aMessageWhoseHandlingFailsIsTriedThreeTimesThenAcknowledged() {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            String jobId = publishHealthyEcho(broker, recorder);
            Mqtt5BlockingClient client = client(broker);
            send(client, "in/x", "crash-1");

            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(recorder, "crash-1") >= 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/job/" + jobId + "/logs").then()
                    .extract().asString().contains("failed 3 times and is dropped"));

            // A new session of the trigger's client (an environment change reconnects it) gets from the broker every
            // message still unacknowledged before any new one: the dropped message is not among them.
            given().formParam("type", "text").formParam("value", "1")
                    .post("/api/job/" + jobId + "/environment/UNRELATED").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            send(client, "in/x", "after-crashes");
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("after-crashes"));
            assertThat(attempts(recorder, "crash-1")).isEqualTo(3);
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceItWasHandled() {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            String jobId = publishHealthyEcho(broker, recorder);
            Mqtt5BlockingClient client = client(broker);
            send(client, "in/x", "hold-1");
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts(recorder, "hold-1") >= 1);

            // The trigger's client is replaced while the function still handles the message: the broker has no
            // acknowledgement for it and hands it to the new session again.
            given().formParam("type", "text").formParam("value", "1")
                    .post("/api/job/" + jobId + "/environment/UNRELATED").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(recorder, "hold-1") >= 2);

            recorder.release();
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("hold-1"));
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aPayloadOverTheWholeBodySizeReachesTheFunctionThroughItsWindow() {
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            String jobId = publishHealthyEcho(broker, recorder);
            Mqtt5BlockingClient client = client(broker);
            // Three windows of the runner: the payload is streamed in chunks as the runner grants credit.
            String large = "large-" + "0123456789abcdef".repeat(3 * 1024 * 1024 / 16);

            send(client, "in/large", large);

            await().atMost(Duration.ofSeconds(30)).until(() -> handled(recorder).contains(large));
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    @Test
    void aMessageNoRunnerCanTakeWaitsUnacknowledgedUntilOneCanEvenAcrossVersions() {
        String name = unique("mqtt-wait");
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            Consumer<ObjectNode> connection = c -> c.put("host", "127.0.0.1").put("port", broker.port());
            TestDocker.untagRunnerImage(20);
            String jobId = publishEcho(name, "1.0.0", 20, recorder, List.of("in/#"), connection, "");
            await().atMost(Duration.ofSeconds(20)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            await().atMost(Duration.ofSeconds(20)).until(() -> startFailures(jobId) >= 1);
            Mqtt5BlockingClient client = client(broker);
            send(client, "in/x", "waiting-1");

            // Every start failure fails the waiting delivery; more of them than the function's three attempts.
            long before = startFailures(jobId);
            await().atMost(Duration.ofSeconds(60)).until(() -> startFailures(jobId) >= before + 4);
            assertThat(logLines(jobId, "waits unacknowledged")).isPositive();
            assertThat(logLines(jobId, "is dropped")).isZero();
            assertThat(handled(recorder)).isEmpty();

            // A version whose runners can start takes the waiting message over, through the same connection.
            TestDocker.ensureRunnerImages();
            publishEcho(name, "1.0.1", 24, recorder, List.of("in/#"), connection, "");
            await().atMost(Duration.ofSeconds(60)).until(() -> handled(recorder).contains("waiting-1"));
            send(client, "in/x", "after-fix");
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(recorder).contains("after-fix"));
            assertThat(recorder.received().stream().filter(h -> h.path("text").asText().equals("waiting-1")))
                    .hasSize(1);
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        } finally {
            TestDocker.ensureRunnerImages();
        }
    }

    @Test
    void noMessageIsLostWhileNewVersionsTakeTheTriggerOver() throws Exception {
        String name = unique("mqtt-swap");
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder()) {
            Consumer<ObjectNode> connection = c -> c.put("host", "127.0.0.1").put("port", broker.port());
            String jobId = publishEcho(name, "1.0.0", 24, recorder, List.of("in/#"), connection, "");
            await().atMost(Duration.ofSeconds(20)).until(() -> "healthy".equals(triggerStatus(jobId, "status")));
            Mqtt5BlockingClient client = client(broker);
            AtomicBoolean sending = new AtomicBoolean(true);
            List<String> sent = new CopyOnWriteArrayList<>();
            Thread sender = Thread.ofVirtual().start(() -> {
                for (int i = 0; sending.get(); i++) {
                    send(client, "in/" + (i % 4), "m" + i);
                    sent.add("m" + i);
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
            });
            for (String version : List.of("1.0.1", "1.0.2", "1.0.3")) {
                int before = sent.size();
                publishEcho(name, version, 24, recorder, List.of("in/#"), connection, "");
                await().atMost(Duration.ofSeconds(20)).until(() -> sent.size() >= before + 100);
            }
            sending.set(false);
            sender.join();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(handled(recorder))
                    .containsAll(sent));
            assertThat(sent).hasSizeGreaterThan(300);
            assertThat(triggerStatus(jobId, "status")).isEqualTo("healthy");
            client.disconnect();
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    private static long startFailures(String jobId) {
        return logLines(jobId, "failed to start");
    }

    private static int logLines(String jobId, String text) {
        return given().queryParam("q", text).queryParam("limit", 1000).get("/api/job/" + jobId + "/logs").then()
                .statusCode(200).extract().path("data.size()");
    }

    private static long attempts(TickRecorder recorder, String text) {
        return recorder.received().stream().filter(h -> h.path("attempt").asBoolean()
                && h.path("text").asText().equals(text)).count();
    }

    private static Set<String> handled(TickRecorder recorder) {
        return recorder.received().stream().filter(h -> !h.path("attempt").asBoolean())
                .map(h -> h.path("text").asText()).collect(Collectors.toSet());
    }

    @jakarta.inject.Inject
    dev.jobber.gateway.GatewayServer gateway;

    @Test
    void publishAnswersFalseWhenTheJobHasNoMqttConnection() {
        {
            String name = unique("nopub");
            publish(job(name, "1.0.0").file("index.js", """
                    module.exports.handler = async (request, response, context) => {
                      response.json({ sent: await context.publish('x/y', 'hello') });
                    };
                    """).manifest(m -> {
                m.withArray("triggers").removeAll();
                m.withArray("triggers").addObject().put("type", "http").put("path", "/" + name);
            }).zip()).statusCode(200);
            given().get("http://127.0.0.1:" + gateway.port() + "/" + name).then().statusCode(200)
                    .body("sent", equalTo(false));
        }
    }
}
