package dev.jobber.chaos;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Multipart;
import dev.jobber.testing.TestAdmin;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobber killed with SIGKILL twenty times at random moments (idle, during a publish, under gateway load, during a
 * schedule tick), each time started again as an operator would: every start after a kill is ready within 15 s (the first one creates
 * the database, which takes longer), serves the version of every job whose publish was answered 200 (or a later one
 * whose answer the kill cut off), and its schedules run; after the last, clean stop no database process is left.
 * {@code -Dchaos.kills=N} changes the count, {@code -Dchaos.seed=S} replays a run's random moments.
 */
class KillLoopIT {

    /** Twenty, each moment five times (about five minutes). */
    private static final int KILLS = Integer.getInteger("chaos.kills", 20);
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    private static final List<String> JOBS = List.of("kill-a", "kill-b", "kill-c");

    private enum Moment { IDLE, PUBLISH, LOAD, TICK }

    @TempDir
    Path temp;

    /** Per job: the version answered 200 last, and later versions whose publish the kill cut off. */
    private final Map<String, String> answered = new LinkedHashMap<>();
    private final Map<String, List<String>> unanswered = new HashMap<>();
    private int published;

    @Test
    void startsAgainAfterEveryKillServingEveryAnsweredPublish() throws Exception {
        TestDocker.ensureRunnerImages();
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = temp.resolve("data");
        Map<String, String> environment = Map.of(
                "JOBBER_NAME", "jobber-kill-" + Long.toHexString(seed & 0xffffff),
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24));
        List<Duration> startups = new ArrayList<>();
        try (TickRecorder recorder = new TickRecorder(); HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int round = 0; round <= KILLS; round++) {
                String context = "seed " + seed + ", round " + round;
                long launched = System.nanoTime();
                try (JobberProcess jobber = JobberProcess.start(dataDir, environment).awaitReady()) {
                    Duration startup = Duration.ofNanos(System.nanoTime() - launched);
                    System.out.printf("Kill loop round %d: ready %d ms after launch%n", round, startup.toMillis());
                    if (startup.compareTo(READY_WITHIN) > 0) {
                        jobber.output().lines().filter(l -> l.contains(" (main) ")).forEach(System.out::println);
                    }
                    if (round > 0) {
                        startups.add(startup);
                    }
                    if (round == 0) {
                        publish(jobber, client, "kill-load", "1.0.0");
                        publish(jobber, client, "kill-tick", "1.0.0", recorder);
                        JOBS.forEach(name -> publishAnswered(jobber, client, name));
                    }
                    assertServesEveryAnsweredVersion(jobber, client, context);
                    // Schedules resume after a kill during a tick, and at the end after all kills.
                    if (round == 0 || round == KILLS || lastMoment(round) == Moment.TICK) {
                        assertSchedulesRun(recorder, context);
                    }
                    if (round == KILLS) {
                        assertThat(jobber.stop()).as(context).isIn(0, 143);
                        break;
                    }
                    killAt(Moment.values()[round % Moment.values().length], jobber, client, recorder, random);
                    assertThat(JobberProcess.postgresUsing(dataDir)).as(context + ": the database left running")
                            .isNotEmpty();
                }
            }
        }
        assertThat(JobberProcess.postgresUsing(dataDir)).as("the database after the last, clean stop").isEmpty();
        assertThat(startups).as("time from launch to ready of each start after a kill, seed " + seed)
                .allSatisfy(startup -> assertThat(startup).isLessThanOrEqualTo(READY_WITHIN));
    }

    /** The moment of the kill before {@code round}. */
    private static Moment lastMoment(int round) {
        return Moment.values()[(round - 1) % Moment.values().length];
    }

    private void killAt(Moment moment, JobberProcess jobber, HttpClient client, TickRecorder recorder, Random random)
            throws Exception {
        switch (moment) {
            case IDLE -> jobber.kill();
            case PUBLISH -> {
                String name = JOBS.get(random.nextInt(JOBS.size()));
                String version = nextVersion();
                unanswered.computeIfAbsent(name, n -> new ArrayList<>()).add(version);
                CompletableFuture<HttpResponse<String>> answer = client.sendAsync(publishRequest(jobber, name,
                        version, null), HttpResponse.BodyHandlers.ofString());
                // The kill lands anywhere from before the upload is read to after the answer.
                TimeUnit.MILLISECONDS.sleep(random.nextInt(250));
                jobber.kill();
                HttpResponse<String> response = answer.handle((r, failure) -> r).get(30, TimeUnit.SECONDS);
                if (response != null && response.statusCode() == 200) {
                    answered(name, version);
                }
            }
            case LOAD -> {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger ok = new AtomicInteger();
                List<Thread> callers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    callers.add(Thread.ofVirtual().start(() -> {
                        while (!stop.get()) {
                            try {
                                if (call(jobber, client, "/kill-load").statusCode() == 200) {
                                    ok.incrementAndGet();
                                }
                            } catch (IOException e) {
                                return; // the kill cut this call off
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= 50);
                TimeUnit.MILLISECONDS.sleep(random.nextInt(200));
                jobber.kill();
                stop.set(true);
                for (Thread caller : callers) {
                    caller.join(Duration.ofSeconds(30));
                }
            }
            case TICK -> {
                int ticks = recorder.received().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.received().size() > ticks);
                // Each tick's function reports, then works for 400 ms: the kill lands during one.
                TimeUnit.MILLISECONDS.sleep(random.nextInt(400));
                jobber.kill();
            }
        }
    }

    private void assertServesEveryAnsweredVersion(JobberProcess jobber, HttpClient client, String context)
            throws Exception {
        String jobs = jobber.get("/api/job/").body();
        Map<String, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
        for (String name : answered.keySet()) {
            assertThat(jobs).as(context).contains("\"jobName\":\"" + name + "\"");
            calls.put(name, client.sendAsync(HttpRequest.newBuilder(jobber.gatewayUri("/" + name))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var call : calls.entrySet()) {
            String name = call.getKey();
            HttpResponse<String> served = call.getValue().get(60, TimeUnit.SECONDS);
            assertThat(served.statusCode()).as(context + ": " + name + " " + served.body()).isEqualTo(200);
            List<String> acceptable = new ArrayList<>(List.of(answered.get(name)));
            acceptable.addAll(unanswered.getOrDefault(name, List.of()));
            assertThat(served.body()).as(context + ": version of " + name).isIn(acceptable);
            // A cut-off publish that was stored is now known; older cut-off ones can no longer become active.
            answered(name, served.body());
        }
    }

    private static void assertSchedulesRun(TickRecorder recorder, String context) {
        long since = System.currentTimeMillis();
        await(context + ": a schedule tick after the start").atMost(Duration.ofSeconds(30))
                .until(() -> recorder.received().stream().anyMatch(t -> t.path("scheduledAt").asLong() >= since));
    }

    private void publishAnswered(JobberProcess jobber, HttpClient client, String name) {
        try {
            publish(jobber, client, name, nextVersion());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void publish(JobberProcess jobber, HttpClient client, String name, String version) throws Exception {
        publish(jobber, client, name, version, null);
    }

    private void publish(JobberProcess jobber, HttpClient client, String name, String version, TickRecorder recorder)
            throws Exception {
        HttpResponse<String> response = client.send(publishRequest(jobber, name, version, recorder),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        if (recorder == null) {
            answered(name, version);
        }
    }

    private void answered(String name, String version) {
        answered.put(name, version);
        List<String> pending = unanswered.getOrDefault(name, new ArrayList<>());
        int index = pending.indexOf(version);
        pending.subList(0, index + 1).clear();
    }

    private String nextVersion() {
        return "1.0." + ++published;
    }

    private static HttpRequest publishRequest(JobberProcess jobber, String name, String version,
            TickRecorder recorder) {
        var archive = job(name, version);
        if (recorder == null) {
            archive.file("index.js", "module.exports.handler = async (req, res) => res.text('" + version + "');\n");
        } else {
            archive.file("index.js", recorder.function(400)).manifest(m -> {
                m.withArray("triggers").removeAll();
                m.withArray("triggers").addObject().put("type", "schedule").put("cron", "* * * * * *")
                        .put("name", "every-second");
            });
        }
        URI uri = jobber.uri("/api/job/publish/");
        return Multipart.request(uri, "archive", HttpRequest.BodyPublishers.ofByteArray(archive.zip()))
                .header("Authorization", "Bearer " + TestAdmin.token(uri)).build();
    }

    private static HttpResponse<String> call(JobberProcess jobber, HttpClient client, String path)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(jobber.gatewayUri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
