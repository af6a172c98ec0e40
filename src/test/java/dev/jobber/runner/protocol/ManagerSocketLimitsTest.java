package dev.jobber.runner.protocol;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.config.ManagerConfig;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.runner.RunnerManager;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manager socket under attack: a job's code writing raw frames on its runner's own authenticated connection, and
 * strangers connecting without a hello or a secret, on the Unix domain socket the runners use and on TCP alike.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class ManagerSocketLimitsTest {

    private static final long MIB = 1024 * 1024;

    @Inject
    GatewayServer gateway;

    @Inject
    RunnerManager manager;

    @Inject
    ManagerConfig config;

    private record Published(String name, String jobId) {
    }

    private static Published publishFunction(String prefix, String source) {
        String name = unique(prefix);
        String jobId = publish(job(name, "1.0.0").file("index.js", source).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/").put("hostname", name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
        return new Published(name, jobId);
    }

    private Response call(Published job, String path) {
        return given().header("Host", job.name() + ".test").get("http://127.0.0.1:" + gateway.port() + path);
    }

    private static List<String> systemLines(String jobId) {
        return given().urlEncodingEnabled(false).get("/api/job/" + jobId + "/logs?q=%5BSYSTEM%5D").then()
                .statusCode(200).extract().jsonPath().getList("data.message", String.class);
    }

    /** Heap in use after a collection, plus the direct memory Netty and NIO hold. */
    private static long memoryInUse() {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long nio = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return heap + nio + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    @Test
    void aRunnerFloodingCallsWithoutReadingIsHeldBackAndKilledWhileOtherJobsAreServed() throws IOException {
        Published other = publishFunction("bystander", "module.exports.handler = async (q, r) => r.text('served');\n");
        call(other, "/").then().statusCode(200);
        Published hostile = publishFunction("flood", Functions.source("hostile.js"));
        long before = memoryInUse();

        try (RawHttp flood = RawHttp.open(gateway.port(), "GET", "/?do=flood&size=60000&calls=10000",
                hostile.name() + ".test", 0L)) {
            AtomicLong peak = new AtomicLong();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                peak.accumulateAndGet(memoryInUse(), Math::max);
                return systemLines(hostile.jobId()).stream().anyMatch(line -> line.contains("was killed"));
            });
            call(other, "/").then().statusCode(200);
            assertThat((peak.get() - before) / MIB).as("MiB held while 10000 replies of 60 kB were asked for")
                    .isLessThan(150);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "oversized, frame lengths out of bounds",
            "unknown, unknown frame type \"bogus\"",
            "malformed, has no event id",
            "foreign, event 999999 it was not given"})
    void aRunnerBreakingTheProtocolIsKilledAndTheJobLogSaysWhy(String misbehaviour, String reason) {
        Published hostile = publishFunction(misbehaviour, Functions.source("hostile.js"));
        call(hostile, "/?do=" + misbehaviour).then().statusCode(502);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(systemLines(hostile.jobId()))
                .anySatisfy(line -> assertThat(line).contains("broke the manager protocol").contains(reason)));
        call(hostile, "/").then().statusCode(200);
    }

    @Test
    void aStreamedAnswerBeyondItsWindowKillsTheRunner() throws Exception {
        Published hostile = publishFunction("window", Functions.source("hostile.js"));
        try (RawHttp client = RawHttp.open(gateway.port(), "GET", "/?do=window", hostile.name() + ".test", 0L)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(systemLines(hostile.jobId()))
                    .anySatisfy(line -> assertThat(line).contains("broke the manager protocol")
                            .contains("beyond its window")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "tcp"})
    void aHugeFirstFrameIsRefusedBeforeItArrives(String listener) throws IOException {
        try (SocketChannel channel = connect(listener)) {
            channel.write(ByteBuffer.allocate(8).putInt(1024 * 1024).putInt(0).flip());
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(channel));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "tcp"})
    void aHelloWithoutTheSecretIsRefused(String listener) throws IOException {
        Published job = publishFunction("secret", "module.exports.handler = async (q, r) => r.text('served');\n");
        call(job, "/").then().statusCode(200);
        try (SocketChannel channel = connect(listener)) {
            byte[] hello = ("{\"t\":\"hello\",\"protocol\":1,\"runnerId\":\"" + UUID.randomUUID()
                    + "\",\"secret\":\"guessed\",\"node\":\"v24.0.0\"}").getBytes(StandardCharsets.UTF_8);
            channel.write(ByteBuffer.allocate(8 + hello.length).putInt(hello.length).putInt(0).put(hello).flip());
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(channel));
        }
        call(job, "/").then().statusCode(200);
    }

    @Test
    void theSocketIsAloneInItsDirectoryAndOpenToTheRunnerUser() throws IOException {
        Path directory = config.socketDir();
        try (var entries = Files.list(directory)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("manager.sock");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx--x--x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("manager.sock"))))
                .isEqualTo("rw-rw-rw-");
    }

    @Test
    void connectionsBeyondTheUnauthenticatedCapAreClosedAtOnce() throws IOException {
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < 64 + 8; i++) {
                // Both listeners count towards one cap.
                channels.add(connect(i % 2 == 0 ? "socket" : "tcp"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> countClosed(channels) >= 8);
            // The first 64 wait for their hello (a runner of another test starting now may take a slot or two).
            assertThat(channels.size() - countClosed(channels)).isBetween(60L, 64L);
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
        Published job = publishFunction("after", "module.exports.handler = async (q, r) => r.text('served');\n");
        call(job, "/").then().statusCode(200);
    }

    private SocketChannel connect(String listener) throws IOException {
        SocketAddress address = listener.equals("socket")
                ? UnixDomainSocketAddress.of(config.socketDir().resolve("manager.sock"))
                : new InetSocketAddress("127.0.0.1", manager.managerPort());
        SocketChannel channel = SocketChannel.open(address);
        channel.configureBlocking(false);
        return channel;
    }

    private static long countClosed(List<SocketChannel> channels) throws IOException {
        long closed = 0;
        for (SocketChannel channel : channels) {
            if (closedByServer(channel)) {
                closed++;
            }
        }
        return closed;
    }

    /** Whether the server closed the connection; reads and drops what it sent (a reject frame, say). */
    private static boolean closedByServer(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            int n;
            while ((n = channel.read(buffer.clear())) > 0) {
                // drop
            }
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }
}
