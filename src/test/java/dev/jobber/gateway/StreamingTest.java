package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Request and response bodies streamed end to end through the gateway and a real runner container: large transfers
 * stay within bounded memory on both sides, and parts arrive while the rest is still being sent.
 */
@QuarkusTest
@TestProfile(StreamingTest.LargeBodies.class)
@QuarkusTestResource(JobberTestResource.class)
class StreamingTest {

    private static final Logger LOG = Logger.getLogger(StreamingTest.class);
    private static final long MIB = 1024 * 1024;

    /** Bodies up to 256 MiB, runners limited to 128 MiB of memory. */
    public static class LargeBodies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.max-body-size", "256M", "runner.memory-limit", "128M");
        }
    }

    private static final String FUNCTION = """
            import { once } from 'node:events';
            import { createHash } from 'node:crypto';
            let progress = { written: 0, waiting: false };
            let release;
            const released = new Promise((resolve) => { release = resolve; });
            export async function handlerHttp({ request, response }) {
              if (request.path.endsWith('/echo')) {
                response.header('content-type', 'application/octet-stream');
                request.getReadStream().pipe(response.getWriteStream());
              } else if (request.path.endsWith('/conversation')) {
                const out = response.getWriteStream();
                for await (const part of request.getReadStream()) out.write(`heard ${part}\\n`);
                out.end('bye\\n');
              } else if (request.path.endsWith('/big')) {
                const out = response.getWriteStream();
                const block = Buffer.alloc(65536, 'y');
                progress = { written: 0, waiting: false };
                for (let i = 0; i < 1024; i++) {
                  progress.written += block.length;
                  if (!out.write(block)) {
                    progress.waiting = true;
                    await once(out, 'drain');
                    progress.waiting = false;
                  }
                }
                out.end();
              } else if (request.path.endsWith('/gated-upload')) {
                await released;
                const hash = createHash('sha256');
                let size = 0;
                for await (const chunk of request.getReadStream()) {
                  size += chunk.length;
                  hash.update(chunk);
                }
                response.getWriteStream().end(JSON.stringify({ size, sum: hash.digest('hex') }) + '\\n');
              } else if (request.path.endsWith('/release')) {
                release();
                response.text('released');
              } else if (request.path.endsWith('/progress')) {
                response.json(progress);
              } else if (request.path.endsWith('/forever')) {
                const out = response.getWriteStream();
                let closed = false;
                out.on('close', () => { closed = true; });
                const block = Buffer.alloc(65536, 'x');
                while (!closed) {
                  if (!out.write(block)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
                }
              } else {
                response.text('ready');
              }
            }
            """;

    @Inject
    GatewayServer gateway;

    private String publishFunction() {
        String name = unique("streaming");
        publish(job(name, "1.0.0").file("index.mjs", FUNCTION).manifest(m -> {
            m.put("main", "./index.mjs").put("type", "module");
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/" + name + "/");
        }).zip()).statusCode(200);
        given().get("http://127.0.0.1:" + gateway.port() + "/" + name + "/warm").then().statusCode(200);
        return name;
    }

    @Test
    void echoes200MegabytesAsTheyArriveWithBoundedMemoryOnBothSides() throws Exception {
        String name = publishFunction();
        long size = 200 * MIB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();

        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long receivedBytes = 0;
        long peakGrowth = 0;
        try (RawHttp http = RawHttp.open(gateway.port(), "POST", "/" + name + "/echo", "localhost", size)) {
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    byte[] block = new byte[64 * 1024];
                    Random random = new Random(7);
                    for (long at = 0; at < size; at += block.length) {
                        random.nextBytes(block);
                        sent.update(block);
                        http.write(block, 0, block.length);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(http.readHead()).isEqualTo(200);
            byte[] buffer = new byte[64 * 1024];
            long nextSample = 50 * MIB;
            for (int n = http.readBody(buffer); n >= 0; n = http.readBody(buffer)) {
                received.update(buffer, 0, n);
                receivedBytes += n;
                if (receivedBytes >= nextSample) {
                    // The live heap (after a full collection) while the transfer is under way.
                    System.gc();
                    peakGrowth = Math.max(peakGrowth, memory.getHeapMemoryUsage().getUsed() - baseline);
                    nextSample += 50 * MIB;
                }
            }
            upload.get(60, TimeUnit.SECONDS);
        }
        assertThat(receivedBytes).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        LOG.infof("Live heap growth while streaming 200 MiB both ways: at most %d KiB", peakGrowth / 1024);
        // The whole test JVM's heap is noisy: only a gateway holding most of the 200 MiB passes this generous bound.
        assertThat(peakGrowth).as("heap growth while streaming 200 MiB").isLessThan(150 * MIB);

        List<Container> containers = TestDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("jobber.job", jobId(name))).exec();
        assertThat(containers).hasSize(1);
        InspectContainerResponse runner = TestDocker.client().inspectContainerCmd(containers.get(0).getId()).exec();
        assertThat(runner.getHostConfig().getMemory()).isEqualTo(128 * MIB);
        assertThat(runner.getState().getRunning()).isTrue();
        assertThat(runner.getState().getOOMKilled()).isFalse();
    }

    @Test
    void theFunctionReadsEachPartOfTheBodyWhileTheClientIsStillSending() throws Exception {
        String name = publishFunction();
        try (RawHttp http = RawHttp.open(gateway.port(), "POST", "/" + name + "/conversation", "localhost",
                null)) {
            http.writeChunk("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(http.readHead()).isEqualTo(200);
            // The answer to the first part arrives although the body has not ended.
            assertThat(http.readLine()).isEqualTo("heard hello\n");
            http.writeChunk("again".getBytes(StandardCharsets.UTF_8));
            assertThat(http.readLine()).isEqualTo("heard again\n");
            http.endChunks();
            assertThat(http.readLine()).isEqualTo("bye\n");
            assertThat(http.readLine()).isEmpty();
        }
    }

    @Test
    void aClientThatStopsReadingHoldsTheFunctionBackWithoutFillingTheGateway() throws Exception {
        String name = publishFunction();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        try (RawHttp http = RawHttp.open(gateway.port(), "GET", "/" + name + "/big", "localhost", 0L)) {
            assertThat(http.readHead()).isEqualTo(200);
            // Reading nothing more: the function writes until every buffer on the way is full, then waits for
            // good: two looks in a row find it waiting at the same count.
            long[] previous = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<String, Object> progress = progress(name);
                long count = ((Number) progress.get("written")).longValue();
                boolean stuck = Boolean.TRUE.equals(progress.get("waiting")) && count == previous[0];
                previous[0] = count;
                return stuck;
            });
            System.gc();
            long growth = memory.getHeapMemoryUsage().getUsed() - baseline;
            long written = ((Number) progress(name).get("written")).longValue();
            // What is held back is counted where it is written; the test JVM's heap is only logged.
            assertThat(written).as("bytes the function could write").isLessThan(32 * MIB);
            LOG.infof("Live heap growth while the client does not read: %d KiB", growth / 1024);

            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            for (int n = http.readBody(buffer); n >= 0; n = http.readBody(buffer)) {
                read += n;
            }
            assertThat(read).isEqualTo(64 * MIB);
        }
    }

    @Test
    void aFunctionThatDoesNotReadHoldsTheUploadBackWithoutFillingTheGateway() throws Exception {
        String name = publishFunction();
        long size = 64 * MIB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        AtomicLong sent = new AtomicLong();
        try (RawHttp http = RawHttp.open(gateway.port(), "POST", "/" + name + "/gated-upload", "localhost", size)) {
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    byte[] block = new byte[64 * 1024];
                    Random random = new Random(11);
                    while (sent.get() < size) {
                        random.nextBytes(block);
                        digest.update(block);
                        http.write(block, 0, block.length);
                        sent.addAndGet(block.length);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The function has not started reading: the client's writes stop once every buffer on the way is full.
            long[] previous = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long now = sent.get();
                boolean stuck = now == previous[0];
                previous[0] = now;
                return stuck;
            });
            System.gc();
            long growth = memory.getHeapMemoryUsage().getUsed() - baseline;
            // What is held back is counted where it is sent; the test JVM's heap is only logged.
            assertThat(sent.get()).as("bytes the client could send").isLessThan(32 * MIB);
            LOG.infof("Live heap growth while the function does not read: %d KiB", growth / 1024);

            given().get("http://127.0.0.1:" + gateway.port() + "/" + name + "/release").then().statusCode(200);
            upload.get(60, TimeUnit.SECONDS);
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.readLine()).isEqualTo("{\"size\":" + size + ",\"sum\":\""
                    + HexFormat.of().formatHex(digest.digest()) + "\"}\n");
        }
    }

    private Map<String, Object> progress(String name) {
        return given().get("http://127.0.0.1:" + gateway.port() + "/" + name + "/progress").then().statusCode(200)
                .extract().path("");
    }

    @Test
    void aClientLeavingAnEndlessStreamFreesTheRunner() throws Exception {
        String name = publishFunction();
        String jobId = jobId(name);
        try (RawHttp http = RawHttp.open(gateway.port(), "GET", "/" + name + "/forever", "localhost", 0L)) {
            assertThat(http.readHead()).isEqualTo(200);
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            while (read < 4 * MIB) {
                read += http.readBody(buffer);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> requestsProcessing(jobId) == 1);
        }
        // The gateway cancelled the event: the runner stopped counting it, and its stream told the function.
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsProcessing(jobId) == 0);
        given().get("http://127.0.0.1:" + gateway.port() + "/" + name + "/again").then().statusCode(200)
                .body(equalTo("ready"));
    }

    private static int requestsProcessing(String jobId) {
        return given().get("/api/job/" + jobId + "/runners").then().extract().path("data[0].requestsProcessing");
    }

    private static String jobId(String name) {
        List<Map<String, Object>> jobs = given().get("/api/job/").then().statusCode(200).extract().path("data");
        return jobs.stream().filter(j -> name.equals(j.get("jobName"))).map(j -> (String) j.get("id")).findFirst()
                .orElseThrow();
    }
}
