package dev.jobber.bruno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.TestAdmin;
import dev.jobber.testing.TestDocker;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bruno collection in {@code bruno/} run with the Bruno CLI against the packaged application: every request
 * answers as its assertions expect, and every admin route of the OpenAPI document has a request.
 */
class BrunoCollectionIT {

    /** The CLI is installed here once and reused by later runs. */
    private static final Path CLI_DIR = Path.of("target", "bruno-cli");
    private static final String CLI_VERSION = "4.1.0";
    private static final Path COLLECTION = Path.of("bruno");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST = Pattern.compile("^(get|post|put|delete|patch) \\{\\s*url: (\\S+)",
            Pattern.MULTILINE);

    @TempDir
    Path temp;

    @Test
    void runsGreenWithTheBrunoCliAndCoversEveryAdminRoute() throws Exception {
        assumeTrue(onPath("npm"), "npm is not installed");
        Path bru = installCli();
        TestDocker.ensureRunnerImages();
        try (JobberProcess jobber = JobberProcess.start(temp.resolve("data"), Map.of(
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24))).awaitReady()) {
            AdminClient admin = new AdminClient(jobber);
            assertThat(uncoveredRoutes(admin)).isEmpty();

            // The collection publishes ../examples/http-javascript.zip, built as the example's publish.sh builds it.
            Path root = temp.resolve("run");
            copyTree(COLLECTION, root.resolve("bruno"));
            zip(Path.of("examples", "http-javascript"), List.of("package.json", "index.js"),
                    root.resolve("examples").resolve("http-javascript.zip"));
            Path report = temp.resolve("report.json");
            String gateway = jobber.gatewayUri("").toString();
            // The developer sandbox (Node's vm): the CLI's default QuickJS sandbox loads asynchronously, and a request
            // answered before it loaded fails its assertions ("Cannot read properties of undefined (reading
            // 'newContext')").
            ProcessBuilder builder = new ProcessBuilder(bru.toAbsolutePath().toString(), "run", "--sandbox",
                    "developer", "--env", "local",
                    "--env-var", "baseUrl=" + admin.baseUri(),
                    "--env-var", "gatewayUrl=" + gateway,
                    "--env-var", "token=" + admin.token(),
                    "--env-var", "username=" + TestAdmin.USERNAME,
                    "--env-var", "password=" + TestAdmin.PASSWORD,
                    "--reporter-json", report.toString())
                    .directory(root.resolve("bruno").toFile()).redirectErrorStream(true);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();

            JsonNode summary = JSON.readTree(report.toFile()).path(0).path("summary");
            assertThat(summary.path("totalRequests").asInt()).as(output).isEqualTo(requests().size());
            assertThat(summary.path("passedRequests").asInt()).as(output).isEqualTo(requests().size());
            assertThat(summary.path("failedAssertions").asInt()).as(output).isZero();
            assertThat(summary.path("totalAssertions").asInt()).as(output).isGreaterThanOrEqualTo(requests().size());
            jobber.stop();
        }
    }

    /** Admin routes ({@code /api/…} in the OpenAPI document) no request of the collection calls. */
    private static List<String> uncoveredRoutes(AdminClient admin) throws Exception {
        JsonNode paths = JSON.readTree(admin.get("/q/openapi?format=json").body()).path("paths");
        List<String[]> requests = requests();
        List<String> uncovered = new ArrayList<>();
        int routes = 0;
        for (var path : paths.properties()) {
            // a server-sent event stream never ends, so the collection leaves it out
            if (!path.getKey().startsWith("/api/") || path.getKey().endsWith("/logs/stream")) {
                continue;
            }
            Pattern route = Pattern.compile(path.getKey().replaceAll("/$", "")
                    .replaceAll("\\{selector[^}]*}", "(:[^/]+)?").replaceAll("\\{[^}]+}", "[^/]+") + "/?");
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toLowerCase(Locale.ROOT);
                routes++;
                if (requests.stream().noneMatch(r -> r[0].equals(method) && route.matcher(r[1]).matches())) {
                    uncovered.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        assertThat(routes).as("admin routes in the OpenAPI document").isGreaterThanOrEqualTo(30);
        return uncovered;
    }

    /** Each admin request of the collection as {method, path with variables filled}. */
    private static List<String[]> requests() throws IOException {
        List<String[]> requests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(COLLECTION)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bru")).toList()) {
                Matcher matcher = REQUEST.matcher(Files.readString(file));
                if (matcher.find()) {
                    String url = matcher.group(2).replaceFirst("^\\{\\{\\w+}}", "").replaceAll("\\?.*", "")
                            .replaceAll("\\{\\{\\w+}}", "x");
                    requests.add(new String[] {matcher.group(1), url});
                }
            }
        }
        return requests;
    }

    private static Path installCli() throws Exception {
        Path bru = CLI_DIR.resolve("node_modules").resolve(".bin").resolve("bru");
        if (Files.isExecutable(bru)) {
            return bru;
        }
        Files.createDirectories(CLI_DIR);
        Process npm = new ProcessBuilder("npm", "install", "--prefix", CLI_DIR.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "@usebruno/cli@" + CLI_VERSION).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(npm.exitValue()).as(output).isZero();
        return bru;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void zip(Path directory, List<String> files, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String file : files) {
                zip.putNextEntry(new ZipEntry(file));
                zip.write(Files.readAllBytes(directory.resolve(file)));
                zip.closeEntry();
            }
        }
    }
}
