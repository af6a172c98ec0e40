package dev.jobber.chaos;

import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.Mosquitto;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TickRecorder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under steady load, one after the other, on one Jobber with an external database (started by the test): the
 * database restarts, the MQTT broker restarts, the runners are killed, a function is killed for memory, the data
 * directory's disk fills up, the Docker engine restarts. For each: gateway calls failed, QoS 1 messages lost (acknowledged
 * by the broker, never handled), and the time until calls and messages flow again after the fault ended.
 *
 * <p>Opt-in, as root (it mounts a small tmpfs and restarts the Docker engine it finds in /var/run/docker.pid, which
 * kills every container on it): {@code ./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ChaosIT -Dchaos=true}; {@code -Dchaos.faults=database,broker,runners,oom,disk,docker} picks faults.
 * The results table is printed; docs/reliability.md keeps the last one.
 */
@EnabledIfSystemProperty(named = "chaos", matches = "true")
class ChaosIT {

    private static final Duration FAULT = Duration.ofSeconds(5);
    private static final Duration STEADY = Duration.ofSeconds(3);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private EmbeddedDatabase database;
    private Path databaseDir;
    private int databasePort;

    private record Result(String fault, long calls, long failed, long acknowledged, long lost, long gatewayMs,
            long mqttMs) {
    }

    @Test
    void recoversFromEachFaultWithinSecondsLosingNoAcknowledgedMessage() throws Exception {
        TestDocker.ensureRunnerImages();
        Set<String> faults = Set.of(System.getProperty("chaos.faults", "database,broker,runners,oom,disk,docker")
                .split(","));
        Path dataDir = temp.resolve("data");
        Files.createDirectories(dataDir);
        boolean tmpfs = run("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", dataDir.toString()) == 0;
        databaseDir = temp.resolve("postgres");
        database = EmbeddedDatabase.start(databaseDir);
        databasePort = database.port();
        String instance = "jobber-chaos-" + Long.toHexString(System.nanoTime() & 0xffffff);
        List<Result> results = new ArrayList<>();
        try (Mosquitto broker = Mosquitto.start(); TickRecorder recorder = new TickRecorder();
                JobberProcess jobber = JobberProcess.start(dataDir, environment(instance)).awaitReady()) {
            AdminClient admin = new AdminClient(jobber);
            publish(admin, job("chaos-http", "1.0.0").file("index.js",
                    "module.exports.handler = async (req, res) => res.text('ok');\n"));
            publish(admin, job("chaos-hungry", "1.0.0").file("index.js", """
                    module.exports.handler = async (req, res) => {
                      if (req.path().endsWith('/eat')) {
                        const hoard = [];
                        for (;;) hoard.push(Buffer.alloc(1024 * 1024, 1));
                      }
                      return res.text('fed');
                    };
                    """).manifest(m -> m.withArray("triggers").removeAll().addObject().put("type", "http")
                    .put("path", "^/chaos-hungry/")));
            String mqtt = Functions.source("mqtt.js").replace("'RECORDER_URL'", "'" + recorder.url() + "'");
            publish(admin, job("chaos-mqtt", "1.0.0").file("index.js", mqtt).manifest(m -> {
                m.withArray("triggers").removeAll();
                ObjectNode trigger = m.withArray("triggers").addObject().put("type", "mqtt").put("name", "in");
                trigger.withArray("topics").add("chaos/#");
                trigger.putObject("connection").put("host", "127.0.0.1").put("port", broker.port());
            }));
            try (SteadyLoad load = new SteadyLoad(jobber, broker, recorder)) {
                printWarningsOnFailure(jobber, () -> runFaults(faults, load, jobber, broker, admin, instance, dataDir,
                        tmpfs, results));
            }
            jobber.stop();
        } finally {
            database.close();
            if (tmpfs) {
                run("umount", "-l", dataDir.toString());
            }
            TestDocker.removeContainersOf(instance);
        }
        System.out.println(table(results));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.lost()).as(r.fault() + ": QoS 1 messages lost").isZero();
            assertThat(r.gatewayMs()).as(r.fault() + ": gateway recovery").isLessThan(RECOVERY_LIMIT.toMillis());
            assertThat(r.mqttMs()).as(r.fault() + ": MQTT recovery").isLessThan(RECOVERY_LIMIT.toMillis());
        });
    }

    private static void printWarningsOnFailure(JobberProcess jobber, Fault faults) throws Exception {
        try {
            faults.inject();
        } catch (Exception | AssertionError e) {
            Path kept = Files.createTempFile("jobber-chaos-", ".log");
            Files.writeString(kept, jobber.output());
            System.out.println("Jobber's whole output is in " + kept + "; its warnings:");
            jobber.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).limit(300)
                    .forEach(System.out::println);
            throw e;
        }
    }

    private void runFaults(Set<String> faults, SteadyLoad load, JobberProcess jobber, Mosquitto broker,
            AdminClient admin, String instance, Path dataDir, boolean tmpfs, List<Result> results) throws Exception {
        load.awaitFlowing();
        if (faults.contains("database")) {
            results.add(scenario("database restart (fast shutdown, 5 s down)", load, () -> {
                database.close();
                pause(FAULT);
                database = EmbeddedDatabase.start(databaseDir, databasePort);
            }, null));
        }
        if (faults.contains("broker")) {
            results.add(scenario("MQTT broker restart (5 s down)", load, () -> {
                broker.stop();
                pause(FAULT);
                broker.startAgain();
            }, null));
        }
        if (faults.contains("runners")) {
            results.add(scenario("docker kill of every runner", load, () ->
                    TestDocker.containersOf(instance).forEach(c -> run("docker", "kill", c.getId())),
                    null));
        }
        if (faults.contains("oom")) {
            results.add(scenario("a function killed for memory (128 MiB limit)", load, () -> {
                HttpResponse<String> eaten = load.call("/chaos-hungry/eat");
                assertThat(eaten.statusCode()).as(eaten.body()).isNotEqualTo(200);
            }, () -> load.call("/chaos-hungry/again").statusCode() == 200));
        }
        if (faults.contains("disk") && tmpfs) {
            Path filler = dataDir.resolve("filler");
            AtomicInteger refused = new AtomicInteger();
            results.add(scenario("data directory's disk full, then freed", load, () -> {
                fill(filler);
                HttpResponse<String> full = admin.publish(job("chaos-full", "1.0.0").zip());
                assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
                assertThat(full.body()).contains("disk is full");
                refused.set(full.statusCode());
                Files.delete(filler);
            }, () -> admin.publish(job("chaos-full", "1.0.0").zip()).statusCode() == 200));
            System.out.println("Chaos: publishing on a full disk was answered " + refused.get());
        }
        if (faults.contains("docker")) {
            results.add(scenario("Docker engine restart", load, ChaosIT::restartDockerEngine, null));
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private interface Recovered {
        boolean check() throws Exception;
    }

    /**
     * Steady load, the fault, then waits until a gateway call started after the fault ended succeeds, a message
     * sent after it is handled, and {@code recovered} (when given) holds; then counts what failed and what was lost.
     */
    private static Result scenario(String name, SteadyLoad load, Fault fault, Recovered recovered) throws Exception {
        pause(STEADY);
        long callsBefore = load.calls.get();
        long failedBefore = load.failed.get();
        int firstMessage = load.sent.get();
        fault.inject();
        long ended = System.nanoTime();
        int afterFault = load.sent.get();
        long gatewayMs = -1;
        long mqttMs = -1;
        long deadline = ended + RECOVERY_LIMIT.toNanos();
        boolean extra = recovered == null;
        while (System.nanoTime() < deadline && (gatewayMs < 0 || mqttMs < 0 || !extra)) {
            long now = System.nanoTime();
            if (gatewayMs < 0 && load.lastSuccessStartedAfter(ended)) {
                gatewayMs = (now - ended) / 1_000_000;
            }
            if (mqttMs < 0 && load.handledAnyFrom(afterFault)) {
                mqttMs = (now - ended) / 1_000_000;
            }
            if (!extra) {
                try {
                    extra = recovered.check();
                } catch (Exception e) {
                    extra = false;
                }
                if (extra) {
                    gatewayMs = Math.max(gatewayMs, (System.nanoTime() - ended) / 1_000_000);
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        pause(STEADY);
        int lastMessage = load.sent.get();
        // Every message the broker acknowledged before the end of the window must be handled, even if late.
        await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(200)).until(() ->
                load.lost(firstMessage, lastMessage) == 0);
        return new Result(name, load.calls.get() - callsBefore, load.failed.get() - failedBefore,
                load.acknowledgedBetween(firstMessage, lastMessage), load.lost(firstMessage, lastMessage),
                gatewayMs < 0 ? RECOVERY_LIMIT.toMillis() : gatewayMs,
                mqttMs < 0 ? RECOVERY_LIMIT.toMillis() : mqttMs);
    }

    /** Gateway calls on four callers and one QoS 1 message every 50 ms, counting what failed and what was handled. */
    private static final class SteadyLoad implements AutoCloseable {
        private final JobberProcess jobber;
        private final TickRecorder recorder;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final Mqtt5AsyncClient publisher;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<long[]> successes = Collections.synchronizedList(new ArrayList<>());

        SteadyLoad(JobberProcess jobber, Mosquitto broker, TickRecorder recorder) {
            this.jobber = jobber;
            this.recorder = recorder;
            publisher = MqttClient.builder().useMqttVersion5().identifier("chaos-publisher")
                    .serverHost("127.0.0.1").serverPort(broker.port()).automaticReconnectWithDefaultConfig()
                    .buildAsync();
            publisher.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().join();
            for (int i = 0; i < 4; i++) {
                threads.add(Thread.ofVirtual().start(this::callLoop));
            }
            threads.add(Thread.ofVirtual().start(this::publishLoop));
        }

        private void callLoop() {
            while (!stop.get()) {
                long started = System.nanoTime();
                boolean ok;
                try {
                    ok = call("/chaos-http").statusCode() == 200;
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    return;
                }
                calls.incrementAndGet();
                if (ok) {
                    successes.add(new long[] {started, System.nanoTime()});
                } else {
                    failed.incrementAndGet();
                    pauseQuietly(50);
                }
            }
        }

        private void publishLoop() {
            while (!stop.get()) {
                int number = sent.getAndIncrement();
                publisher.publishWith().topic("chaos/load").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + number).getBytes(StandardCharsets.UTF_8)).send()
                        .thenAccept(result -> {
                            if (result.getError().isEmpty()) {
                                acknowledged.add(number);
                            }
                        });
                pauseQuietly(50);
            }
        }

        HttpResponse<String> call(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(jobber.gatewayUri(path)).timeout(Duration.ofSeconds(15))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        void awaitFlowing() {
            await().atMost(RECOVERY_LIMIT).until(() -> !successes.isEmpty() && handledAnyFrom(0));
        }

        boolean lastSuccessStartedAfter(long nanos) {
            synchronized (successes) {
                for (int i = successes.size() - 1; i >= 0; i--) {
                    if (successes.get(i)[0] >= nanos) {
                        return true;
                    }
                    if (successes.get(i)[1] < nanos) {
                        return false;
                    }
                }
                return false;
            }
        }

        private Set<Integer> handled() {
            Set<Integer> handled = new java.util.HashSet<>();
            recorder.received().forEach(h -> {
                String text = h.path("text").asText();
                if (!h.path("attempt").asBoolean() && text.startsWith("m")) {
                    handled.add(Integer.parseInt(text.substring(1)));
                }
            });
            return handled;
        }

        boolean handledAnyFrom(int first) {
            return handled().stream().anyMatch(n -> n >= first);
        }

        long acknowledgedBetween(int first, int last) {
            return acknowledged.stream().filter(n -> n >= first && n < last).count();
        }

        long lost(int first, int last) {
            Set<Integer> handled = handled();
            return acknowledged.stream().filter(n -> n >= first && n < last && !handled.contains(n)).count();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
            publisher.disconnect();
            client.close();
        }
    }

    private Map<String, String> environment(String instance) {
        DatabaseUrl url = database.url();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", "postgresql://" + url.username() + ":"
                        + URLEncoder.encode(url.password(), StandardCharsets.UTF_8) + "@127.0.0.1:" + databasePort
                        + "/" + EmbeddedDatabase.DATABASE_NAME,
                "JOBBER_NAME", instance,
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24),
                "RUNNER_MEMORY_LIMIT", "128m",
                "JOBBER_SECRET_KEY", Base64.getEncoder().encodeToString(key)));
        return environment;
    }

    private static void publish(AdminClient admin, dev.jobber.testing.JobArchive archive) throws Exception {
        HttpResponse<String> published = admin.publish(archive.zip());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    /** Fills the file system of {@code filler} until it refuses more. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
            while (true) {
                file.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("space")) {
                throw e;
            }
        }
    }

    /** Stops the Docker engine of /var/run/docker.pid (SIGTERM) and starts it again with the same command line. */
    private static void restartDockerEngine() throws Exception {
        long pid = Long.parseLong(Files.readString(Path.of("/var/run/docker.pid")).trim());
        ProcessHandle engine = ProcessHandle.of(pid).orElseThrow();
        List<String> command = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
        engine.destroy();
        engine.onExit().get(60, TimeUnit.SECONDS);
        new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/tmp/jobber-chaos-dockerd.log").toFile()))
                .start();
        await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> run("docker", "info") == 0);
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String table(List<Result> results) {
        StringBuilder table = new StringBuilder("""
                | fault | gateway calls | failed | QoS 1 messages acknowledged | lost | gateway recovery | MQTT recovery |
                |---|---|---|---|---|---|---|
                """);
        for (Result r : results) {
            table.append(String.format("| %s | %d | %d | %d | %d | %d ms | %d ms |%n", r.fault(), r.calls(),
                    r.failed(), r.acknowledged(), r.lost(), r.gatewayMs(), r.mqttMs()));
        }
        return table.toString();
    }

    /** The fault's own duration and the steady phases around it: waiting is what they are. */
    private static void pause(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }

    private static void pauseQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
