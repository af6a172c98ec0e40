package dev.jobber.runner.image;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.runner.image.ImageStatus.State;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh install without the runner image of the host's Node ({@code RUNNER_IMAGE_BUILD=local}, an image tag of this
 * test's own): Jobber builds it at start, and again when it is gone, once for all the first calls that need it.
 */
@QuarkusTest
@TestProfile(RunnerImageBuildTest.LocalBuild.class)
class RunnerImageBuildTest {

    static final int HOST_MAJOR = hostMajor();
    static final String IMAGE = "jobber-image-test-node" + HOST_MAJOR + ":"
            + UUID.randomUUID().toString().substring(0, 8);

    /** The usual test instance, with local builds and the host Node's image missing. */
    public static final class LocalBuild implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WithoutHostImage.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static final class WithoutHostImage extends JobberTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            config.put("runner.image-build", "local");
            config.put("runner.image-node" + HOST_MAJOR + "-url", IMAGE);
            return config;
        }

        @Override
        public void stop() {
            super.stop();
            removeImage();
        }
    }

    @Inject
    GatewayServer gateway;

    @Inject
    RunnerImages images;

    @Test
    void concurrentFirstCallsOfAJobWhoseImageIsMissingWaitForOneBuildAndAreAnswered() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> status().state() == State.PRESENT);
        Instant removed = Instant.now();
        removeImage();
        String name = unique("first-run");
        publish(job(name, "1.0.0").file("index.js", Functions.echo("built")).manifest(m -> {
            m.putObject("engines").put("node", String.valueOf(HOST_MAJOR));
            // One runner per call: four runners wait for the image at once.
            m.with("action").put("runnerMaxCount", 4).put("runnerAsynchronous", false);
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("hostname", name + ".test");
        }).zip()).statusCode(200);

        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                    + "/echo/version")).header("Host", name + ".test").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> answer = call.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("built");
        }
        assertThat(builds(removed)).isEqualTo(1);
        given().get("/api/config").then().statusCode(200)
                .body("data.images.find { it.nodeMajor == " + HOST_MAJOR + " }.image", equalTo(IMAGE))
                .body("data.images.find { it.nodeMajor == " + HOST_MAJOR + " }.state", equalTo("present"))
                .body("data.jobberName", org.hamcrest.Matchers.startsWith("jobber-test-"))
                .body("data.features.metricsEnabled", equalTo(true));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Container engine' }.data.node" + HOST_MAJOR,
                        containsString(IMAGE + " present"));
    }

    private ImageStatus status() {
        return images.statuses().stream().filter(status -> status.image().equals(IMAGE)).findFirst().orElseThrow();
    }

    /** How often the engine tagged {@link #IMAGE} since {@code since}: once per build. */
    private static int builds(Instant since) throws InterruptedException {
        List<Event> tags = new CopyOnWriteArrayList<>();
        TestDocker.client().eventsCmd().withSince(String.valueOf(since.getEpochSecond()))
                .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1)).withEventFilter("tag")
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        long sinceNanos = since.getEpochSecond() * 1_000_000_000L + since.getNano();
                        if (IMAGE.equals(event.getActor().getAttributes().get("name"))
                                && event.getTimeNano() != null && event.getTimeNano() >= sinceNanos) {
                            tags.add(event);
                        }
                    }
                }).awaitCompletion(20, TimeUnit.SECONDS);
        return tags.size();
    }

    private static void removeImage() {
        TestDocker.removeImage(IMAGE);
    }

    private static int hostMajor() {
        try {
            return HostNode.find("node").major();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
