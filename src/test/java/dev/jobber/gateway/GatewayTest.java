package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.jobber.runner.container.ContainerSpecs;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.RunnerSecrets;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobArchive;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class GatewayTest {

    @Inject
    GatewayServer gateway;

    @Inject
    RunnerManager runners;

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    /** Publishes the echo function under a fresh name with one catch-all trigger for /echo/…; returns the job id. */
    private static String publishEcho(String name, String label, Consumer<ObjectNode> manifest) {
        JobArchive archive = job(name, "1.0.0").file("index.js", Functions.echo(label)).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
            manifest.accept(m);
        });
        return publish(archive.zip()).statusCode(200).extract().path("data.job.id");
    }

    private Response call(String name, String path) {
        return given().header("Host", name + ".test").get(url(path));
    }

    /** Sends a request the function never answers and waits until the job's runner is handling it. */
    private CompletableFuture<HttpResponse<String>> hang(HttpClient client, String name, String jobId) {
        CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(HttpRequest.newBuilder(
                URI.create(url("/echo/hang"))).header("Host", name + ".test").build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/job/" + jobId + "/runners")
                .then().extract().<Integer>path("data[0].requestsProcessing") == 1);
        return hanging;
    }

    private static List<Container> containersOfJob(String jobId) {
        return TestDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("jobber.job", jobId)).exec();
    }

    @Test
    void roundTripsJsonTextBinaryHeadersStatusAndRedirects() {
        String name = unique("echo");
        publishEcho(name, "v1", m -> { });

        given().header("Host", name + ".test").header("X-Test", "yes").body("hello")
                .post(url("/echo/json?q=1&q=2")).then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("method", equalTo("POST")).body("path", equalTo("/echo/json"))
                .body("query", equalTo("1")).body("queries", contains("1", "2"))
                .body("header", equalTo("yes")).body("body", equalTo("hello"));

        byte[] binary = new byte[200_000];
        new Random(3).nextBytes(binary);
        byte[] echoed = given().header("Host", name + ".test").body(binary).post(url("/echo/binary"))
                .then().statusCode(200).contentType("application/octet-stream").extract().asByteArray();
        assertThat(echoed).isEqualTo(binary);

        call(name, "/echo/status").then().statusCode(418).header("x-answer", "42")
                .body(equalTo("teapot"));
        given().header("Host", name + ".test").redirects().follow(false).get(url("/echo/redirect"))
                .then().statusCode(303).header("Location", "/elsewhere");
        given().header("Host", name + ".test").get(url("/echo/request?a=b")).then().statusCode(200)
                .body("url", equalTo("https://" + name + ".test/echo/request?a=b"))
                .body("method", equalTo("GET"));
    }

    @Test
    void synchronousRunnersTakeOneRequestAtATimeAndScaleOutWhenNeeded() throws Exception {
        String name = unique("parallel");
        String jobId = publishEcho(name, "v1", m -> m.with("action").put("runnerMaxCount", 2).put("runnerMinCount", 1)
                .put("runnerAsynchronous", false));
        call(name, "/echo/instance").then().statusCode(200);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                TickRecorder gate = new TickRecorder()) {
            // Two requests held by the function: the busy runner takes no second one, so a second runner starts.
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url("/echo/instance?until="
                        + gate.releasedUrl()))).header("Host", name + ".test").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/job/" + jobId + "/runners")
                    .then().extract().<List<Integer>>path("data.requestsProcessing"), p -> p.equals(List.of(1, 1)));
            gate.release();
            Set<String> instances = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> response : held) {
                HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                instances.add(answer.body());
            }
            assertThat(instances).hasSize(2);

            // Fifty at once are all answered by those two runners: runnerMaxCount holds.
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url("/echo/sleep?ms=20")))
                        .header("Host", name + ".test").build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isIn(instances);
            }
        }
    }

    @Test
    void whenTheQueueIsFullExactlyTheRequestsBeyondItAreRefusedWith503AndTheQueuedOnesAreAnswered() throws Exception {
        String name = unique("saturated");
        String jobId = publishEcho(name, "v1", m -> m.with("action").put("runnerMaxCount", 1)
                .put("runnerAsynchronous", false));
        call(name, "/echo/instance").then().statusCode(200);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> hanging = hang(client, name, jobId);
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                waiting.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url("/echo/instance")))
                        .header("Host", name + ".test").build(), HttpResponse.BodyHandlers.ofString()));
            }
            // The only runner is held: the 16 requests beyond the queue's 64 are answered at once, the rest wait.
            int queueSize = 64;
            await().atMost(Duration.ofSeconds(20)).until(() -> waiting.stream().filter(CompletableFuture::isDone)
                    .count() >= 80 - queueSize);
            List<HttpResponse<String>> refusedAtOnce = waiting.stream().filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join).toList();
            assertThat(refusedAtOnce).hasSize(80 - queueSize).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.body()).contains("saturated");
            });

            // Freeing the runner lets every queued request through.
            String runnerId = given().get("/api/job/" + jobId + "/runners/").then().extract().path("data[0].id");
            given().delete("/api/job/" + jobId + "/runners/" + runnerId + "?forceful=true").then().statusCode(200);
            assertThat(hanging.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(502);
            int answered = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> response : waiting) {
                int status = response.get(60, TimeUnit.SECONDS).statusCode();
                if (status == 200) {
                    answered++;
                } else if (status == 503) {
                    refused++;
                }
            }
            assertThat(answered).isEqualTo(queueSize);
            assertThat(refused).isEqualTo(80 - queueSize);
        }
    }

    @Test
    void answers504WhenTheFunctionTimesOutAndReplacesTheRunner() {
        String name = unique("slow");
        String jobId = publishEcho(name, "v1", m -> m.with("action").put("runnerTimeout", 1)
                .put("runnerAsynchronous", false));
        String before = call(name, "/echo/instance").then().statusCode(200).extract().asString();

        call(name, "/echo/hang").then().statusCode(504).body(containsString("did not answer within 1 s"));

        String after = call(name, "/echo/instance").then().statusCode(200).extract().asString();
        assertThat(after).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(20)).until(() -> containersOfJob(jobId).size() == 1);
    }

    @Test
    void answers502SoonWhenTheContainerDiesMidRequest() throws Exception {
        String name = unique("dies");
        String jobId = publishEcho(name, "v1", m -> { });
        call(name, "/echo/instance").then().statusCode(200);
        String container = containersOfJob(jobId).getFirst().getId();

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> hanging = hang(client, name, jobId);

            TestDocker.client().killContainerCmd(container).exec();

            // The function would hang for runnerTimeout (60 s); the dead runner fails it long before.
            HttpResponse<String> answer = hanging.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(502);
        }
        String replacement = call(name, "/echo/instance").then().statusCode(200).extract().asString();
        assertThat(replacement).isNotBlank();
    }

    @Test
    void switchingVersionsDrainsOldRunnersWithoutFailingARequest() throws Exception {
        String name = unique("switch");
        String jobId = publishEcho(name, "v1", m -> { });
        call(name, "/echo/version").then().statusCode(200).body(equalTo("v1"));

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                TickRecorder gate = new TickRecorder()) {
            // A request the function holds until the switch is over.
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(
                    URI.create(url("/echo/version?until=" + gate.releasedUrl()))).header("Host", name + ".test")
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/job/" + jobId + "/runners")
                    .then().extract().<Integer>path("data[0].requestsProcessing") == 1);

            AtomicBoolean running = new AtomicBoolean(true);
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread load = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    Response response = call(name, "/echo/version");
                    statuses.add(response.statusCode());
                    seen.add(response.asString());
                }
            });
            publish(job(name, "2.0.0").file("index.js", Functions.echo("v2")).manifest(m -> {
                m.withArray("triggers").removeAll();
                m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                        name + ".test");
            }).zip()).statusCode(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("v2"));
            running.set(false);
            load.join();
            gate.release();

            assertThat(statuses).isNotEmpty().allMatch(status -> status == 200);
            HttpResponse<String> held = slow.get(30, TimeUnit.SECONDS);
            assertThat(held.statusCode()).isEqualTo(200);
            assertThat(held.body()).isEqualTo("v1");
        }
        String v2 = given().get("/api/job/" + jobId).then().extract().path("data.jobVersionId");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<Container> containers = containersOfJob(jobId);
            return !containers.isEmpty() && containers.stream()
                    .allMatch(c -> v2.equals(c.getLabels().get(ContainerSpecs.LABEL_VERSION)));
        });
    }

    @Test
    void runOnceStartsAFreshContainerForEveryRequest() {
        String name = unique("once");
        String jobId = publishEcho(name, "v1", m -> m.with("action").put("runnerMode", "run-once")
                .put("runnerMaxCount", 0));

        String first = call(name, "/echo/instance").then().statusCode(200).extract().asString();
        String second = call(name, "/echo/instance").then().statusCode(200).extract().asString();

        assertThat(first).isNotEqualTo(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> containersOfJob(jobId).isEmpty());
    }

    @Test
    void enginesNodeSelectsTheRunnerImage() {
        String name = unique("engines");
        String jobId = publishEcho(name, "v1", m -> m.putObject("engines").put("node", "^22.1"));
        call(name, "/echo/instance").then().statusCode(200);

        InspectContainerResponse container = TestDocker.client()
                .inspectContainerCmd(containersOfJob(jobId).getFirst().getId()).exec();
        assertThat(container.getConfig().getImage()).isEqualTo(TestDocker.image(22));
    }

    @Test
    void runnersAreUnprivilegedAndTheirSecretIsNotInTheContainerConfig() {
        String name = unique("hardened");
        String jobId = publishEcho(name, "v1", m -> { });
        call(name, "/echo/instance").then().statusCode(200);

        InspectContainerResponse container = TestDocker.client()
                .inspectContainerCmd(containersOfJob(jobId).getFirst().getId()).exec();
        assertThat(container.getHostConfig().getCapDrop()).isNotEmpty();
        assertThat(container.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(container.getHostConfig().getPidsLimit()).isPositive();
        assertThat(container.getHostConfig().getMemory()).isPositive();
        assertThat(container.getConfig().getUser()).isNotIn("", "root", "0");
        String runnerId = containersOfJob(jobId).getFirst().getLabels().get(ContainerSpecs.LABEL_RUNNER);
        String secret = RunnerSecrets.of(runners, java.util.UUID.fromString(runnerId));
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        String config = java.util.Arrays.toString(container.getConfig().getEnv()) + container.getConfig().getLabels()
                + List.of(container.getArgs()) + container.getName() + container.getPath()
                + List.of(container.getConfig().getCmd() == null ? new String[0] : container.getConfig().getCmd())
                + List.of(container.getConfig().getEntrypoint() == null ? new String[0]
                        : container.getConfig().getEntrypoint());
        assertThat(config).doesNotContain(secret);
        assertThat(dockerInspect(container.getId())).contains(runnerId).doesNotContain(secret);
    }

    /** What {@code docker inspect} prints for a container: its whole configuration as the engine keeps it. */
    private static String dockerInspect(String containerId) {
        try {
            Process process = new ProcessBuilder("docker", "inspect", containerId).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            return output;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void printingMegabytesOrNeverAnsweringDoesNotWedgeTheServer() {
        // Printing waits until its lines are stored (none is dropped), so it gets a timeout that allows for that.
        String noisy = unique("noisy");
        publishEcho(noisy, "v1", m -> m.with("action").put("runnerTimeout", 60));
        String name = unique("hanging");
        publishEcho(name, "v1", m -> m.with("action").put("runnerTimeout", 2));

        call(noisy, "/echo/print").then().statusCode(200).body(equalTo("printed"));
        call(name, "/echo/hang").then().statusCode(504);
        call(name, "/echo/instance").then().statusCode(200);
        call(noisy, "/echo/instance").then().statusCode(200);
        given().get("/api/job/").then().statusCode(200);
    }

    @Test
    void operatorsListAndRemoveRunners() {
        String name = unique("admin");
        String jobId = publishEcho(name, "v1", m -> { });
        call(name, "/echo/instance").then().statusCode(200);

        String runnerId = given().get("/api/job/" + jobId + "/runners/").then().statusCode(200)
                .body("data[0].status", equalTo("ready")).body("data[0].jobId", equalTo(jobId))
                .extract().path("data[0].id");
        String container = containersOfJob(jobId).getFirst().getId();

        given().delete("/api/job/" + jobId + "/runners/" + runnerId + "?forceful=true").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestDocker.containerExists(container));
        given().delete("/api/job/" + jobId + "/runners/" + runnerId).then().statusCode(404);
        call(name, "/echo/instance").then().statusCode(200);
    }

    @Test
    void disablingOrDeletingAJobStopsItsRunnersAndRoutes() {
        String name = unique("disable");
        String jobId = publishEcho(name, "v1", m -> { });
        call(name, "/echo/instance").then().statusCode(200);

        given().contentType("application/json").body("{\"status\":\"disabled\"}").put("/api/job/" + jobId)
                .then().statusCode(200);
        call(name, "/echo/instance").then().statusCode(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> containersOfJob(jobId).isEmpty());

        given().contentType("application/json").body("{\"status\":\"enabled\"}").put("/api/job/" + jobId)
                .then().statusCode(200);
        call(name, "/echo/instance").then().statusCode(200);
        given().delete("/api/job/" + jobId).then().statusCode(200);
        call(name, "/echo/instance").then().statusCode(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> containersOfJob(jobId).isEmpty());
    }

    @Test
    void removesOrphanContainersOfThisInstanceAtStartup() {
        assertThat(TestDocker.containerExists(System.getProperty(JobberTestResource.ORPHAN_CONTAINER))).isFalse();
    }

    @Test
    void answers404ForUnknownRoutesAnd413ForOversizedBodies() throws Exception {
        String name = unique("limits");
        publishEcho(name, "v1", m -> { });
        given().header("Host", "nobody.test").get(url("/echo/json")).then().statusCode(404);

        // As curl sends large bodies: announced, then sent only once the server agrees (100-continue).
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url("/echo/binary")))
                    .header("Host", name + ".test").expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[11 * 1024 * 1024])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.body()).contains("too large");
        }
    }

    @Test
    void answers413WhenABodyOfUnknownLengthGrowsPastTheLimitWhileStreaming() throws Exception {
        String name = unique("chunked");
        publishEcho(name, "v1", m -> { });
        try (RawHttp http = RawHttp.open(gateway.port(), "POST", "/echo/binary", name + ".test", null)) {
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 11 * 16; i++) {
                        http.writeChunk(block);
                    }
                    http.endChunks();
                } catch (java.io.IOException e) {
                    // The gateway closed the connection after its answer: expected.
                }
            });
            assertThat(http.readHead()).isEqualTo(413);
            assertThat(http.header("connection")).isEqualTo("close");
            assertThat(http.readToClose()).contains("too large");
            upload.get(30, TimeUnit.SECONDS);
        }
        call(name, "/echo/instance").then().statusCode(200);
    }
}
