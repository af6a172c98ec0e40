package dev.jobber.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The packaged Jobber ({@code quarkus-run.jar}) run as its own process, as the README's start command runs it. */
public final class JobberProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int adminPort;
    private final String instance;
    private final int gatewayPort;

    private JobberProcess(Process process, Path output, int adminPort, String instance, int gatewayPort) {
        this.gatewayPort = gatewayPort;
        this.process = process;
        this.output = output;
        this.adminPort = adminPort;
        this.instance = instance;
    }

    /** Starts Jobber with its data in {@code dataDir}, on free ports, with extra environment and JVM options. */
    public static JobberProcess start(Path dataDir, Map<String, String> environment, String... jvmOptions) {
        String jar = System.getProperty("jobber.jar", "target/quarkus-app/quarkus-run.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar));
        Map<String, String> env = new HashMap<>(Map.of("STARTUP_PASSWORD", TestAdmin.PASSWORD));
        env.putAll(environment);
        return launch(command, dataDir, dataDir, env);
    }

    /**
     * Starts Jobber as the README does, with {@code scripts/start.sh} run from the repository, its build skipped (the
     * test phase already built the jar); no startup password, so the administrator's is generated and printed.
     */
    public static JobberProcess startScript(Path dataDir, Map<String, String> environment) {
        Path repository = Path.of("").toAbsolutePath();
        Map<String, String> env = new HashMap<>(Map.of("JOBBER_SKIP_BUILD", "1"));
        env.putAll(environment);
        return launch(List.of(repository.resolve("scripts/start.sh").toString()), repository, dataDir, env);
    }

    private static JobberProcess launch(List<String> command, Path directory, Path dataDir,
            Map<String, String> environment) {
        int adminPort = freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "JOBBER_DATA_DIR", dataDir.toString(),
                "JOBBER_NAME", "jobber-it-" + UUID.randomUUID().toString().substring(0, 8),
                "QUARKUS_HTTP_PORT", String.valueOf(adminPort),
                "GATEWAY_PORT", String.valueOf(freePort()),
                "GATEWAY_HOST", "127.0.0.1",
                "MANAGER_PORT", String.valueOf(freePort()),
                // Runner images are the tests' own (TestDocker); Jobber builds none unless a test says so.
                "RUNNER_IMAGE_BUILD", "none"));
        env.putAll(environment);
        try {
            Files.createDirectories(dataDir);
            Path output = Files.createTempFile("jobber-process-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).directory(directory.toFile());
            builder.environment().remove("DATABASE_URL");
            builder.environment().remove("STARTUP_PASSWORD");
            builder.environment().putAll(env);
            return new JobberProcess(builder.start(), output, adminPort, env.get("JOBBER_NAME"),
                    Integer.parseInt(env.get("GATEWAY_PORT")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int adminPort() {
        return adminPort;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public URI gatewayUri(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    /** Waits until the readiness check passes; fails with the process output if it exits first. */
    public JobberProcess awaitReady() {
        return awaitHealth("/q/health/ready");
    }

    /** Waits until the liveness check passes (the admin API answers); fails if the process exits first. */
    public JobberProcess awaitLive() {
        return awaitHealth("/q/health/live");
    }

    private JobberProcess awaitHealth(String check) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("Jobber exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                return get(check, false).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** GET as the test administrator (admin API and {@code /q/} paths carry its token). */
    public HttpResponse<String> get(String path) throws IOException {
        return get(path, true);
    }

    private HttpResponse<String> get(String path, boolean asAdmin) throws IOException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
            if (asAdmin && (path.startsWith("/q/") || path.startsWith("/api/") && !path.startsWith("/api/config"))) {
                request.header("Authorization", "Bearer " + TestAdmin.token(uri(path)));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Jobber did not stop within 60 s:\n" + output());
        }
        return process.exitValue();
    }

    /** Kills the process with SIGKILL, as the kernel's OOM killer would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Jobber did not die within 30 s of SIGKILL");
        }
    }

    /** Waits for the process to exit by itself. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("Jobber did not exit:\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(output);
        // A Jobber killed before it could stop its runners leaves them behind.
        TestDocker.removeContainersOf(instance);
    }

    /** The PostgreSQL processes running on the embedded database of {@code dataDir}. */
    public static List<ProcessHandle> postgresUsing(Path dataDir) {
        String marker = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(marker)).orElse(false))
                .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
