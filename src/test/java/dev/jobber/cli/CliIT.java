package dev.jobber.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.TestAdmin;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code jobber} command-line tool ({@code cli/}) run as a process against the packaged Jobber. */
class CliIT {

    private static final Path CLI = Path.of("cli", "bin", "jobber.js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUTE = Pattern.compile("^\\s+GET\\s+(http://\\S+)$", Pattern.MULTILINE);
    private static final Pattern REQUEST_ID = Pattern.compile("request ([0-9a-f-]{36})");

    private static Path dataDir;
    private static Path home;
    private static JobberProcess jobber;

    @BeforeAll
    static void start() throws Exception {
        TestDocker.ensureRunnerImages();
        dataDir = Files.createTempDirectory("jobber-cli-");
        home = Files.createTempDirectory("jobber-cli-home-");
        jobber = JobberProcess.start(dataDir, Map.of(
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE20_URL", TestDocker.image(20),
                "RUNNER_IMAGE_NODE22_URL", TestDocker.image(22),
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24))).awaitReady();

        Result login = cli(TestAdmin.PASSWORD + "\n", Map.of(), "login", adminUrl(), "--username", TestAdmin.USERNAME);
        assertThat(login.code()).as(login.toString()).isZero();
        Path config = home.resolve("config/jobber/config.json");
        assertThat(Files.getPosixFilePermissions(config))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(config)).contains("\"url\": \"" + adminUrl() + "\"").contains("\"token\": \"jbt_");
    }

    @AfterAll
    static void stop() throws Exception {
        if (jobber != null) {
            jobber.stop();
            jobber.close();
        }
        TestFiles.deleteRecursively(dataDir);
        TestFiles.deleteRecursively(home);
    }

    @Test
    void publishesTheHelloExampleAndPrintsTheUrlThatAnswers() throws Exception {
        Result published = succeeds("publish", "examples/hello");
        assertThat(published.stdout()).contains("Published version 1.0.0").contains("hello 1.0.0 is active");
        String url = route(published);
        assertThat(url).isEqualTo(jobber.gatewayUri("/hello").toString());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(url + "?name=cli"))
                .isEqualTo("{\"message\":\"Hello, cli!\"}"));
        assertThat(succeeds("invoke", "hello").stdout()).isEqualTo("{\"message\":\"Hello, world!\"}");
        assertThat(succeeds("jobs").stdout()).containsPattern("(?m)^hello\\s+1\\.0\\.0\\s+enabled\\s");
    }

    @Test
    void operatesAFunctionCreatedByInit() throws Exception {
        Path function = home.resolve("greeter");
        assertThat(succeeds("init", function.toString()).stdout()).contains("Created http function \"greeter\"");
        String url = route(succeeds("publish", function.toString()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(url + "?name=ada"))
                .isEqualTo("{\"message\":\"Hello, ada!\"}"));

        // The request id of an invocation finds its log lines; a follower sees the next ones as they come.
        Result invoked = succeeds("invoke", "greeter");
        Matcher id = REQUEST_ID.matcher(invoked.stderr());
        assertThat(id.find()).as(invoked.toString()).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(succeeds("logs", "greeter",
                "--request", id.group(1)).stdout().strip()).endsWith("stdout greeting world").doesNotContain("ada"));
        Path followed = Files.createTempFile(home, "follow-", ".log");
        Process follower = process(List.of("logs", "greeter", "-f", "-n", "1"), Map.of()).redirectOutput(followed.toFile())
                .redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                get(url + "?name=follower");
                assertThat(Files.readString(followed)).contains("greeting follower");
            });
        } finally {
            follower.destroy();
            follower.waitFor(10, TimeUnit.SECONDS);
        }

        // Environment: text and secret variables, listed without the secret's value, and removed.
        succeeds("env", "set", "greeter", "greeting=hi");
        succeeds("env", "set", "greeter", "API_KEY=s3cret", "--secret");
        assertThat(succeeds("env", "list", "greeter").stdout()).containsPattern("(?m)^GREETING\\s+text\\s+hi$")
                .containsPattern("(?m)^API_KEY\\s+secret\\s+\\(hidden\\)$").doesNotContain("s3cret");
        succeeds("env", "rm", "greeter", "GREETING");
        assertThat(succeeds("env", "list", "greeter").stdout()).doesNotContain("GREETING").contains("API_KEY");

        // A second version becomes active; activate rolls back to the first.
        Files.writeString(function.resolve("package.json"), Files.readString(function.resolve("package.json"))
                .replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\""));
        assertThat(succeeds("publish", function.toString()).stdout()).contains("greeter 1.1.0 is active");
        assertThat(succeeds("versions", "greeter").stdout()).containsPattern("(?m)^1\\.1\\.0\\s+active\\s")
                .containsPattern("(?m)^1\\.0\\.0\\s+\\d{4}-");
        assertThat(succeeds("activate", "greeter", "1.0.0").stdout()).isEqualTo("greeter now runs version 1.0.0\n");
        assertThat(succeeds("versions", "greeter").stdout()).containsPattern("(?m)^1\\.0\\.0\\s+active\\s");
    }

    @Test
    void aPublishOnlyTokenPublishesButReadsNothing() throws Exception {
        Path function = home.resolve("ci-function");
        succeeds("init", function.toString(), "--schedule");
        String token = succeeds("tokens", "create", "--publish-only").stdout().strip();
        assertThat(token).startsWith("jbt_");

        // CI has no configuration file, only the environment.
        Map<String, String> ci = Map.of("JOBBER_URL", adminUrl(), "JOBBER_TOKEN", token,
                "XDG_CONFIG_HOME", home.resolve("ci-config").toString());
        Result published = cli("", ci, "publish", function.toString(), "--json");
        assertThat(published.code()).as(published.toString()).isZero();
        JsonNode answer = JSON.readTree(published.stdout());
        assertThat(answer.path("job").path("jobName").asText()).isEqualTo("ci-function");
        assertThat(answer.path("version").path("version").asText()).isEqualTo("1.0.0");
        assertThat(answer.path("active").asBoolean()).isTrue();
        assertThat(answer.path("routes").isArray()).isTrue();
        Result jobs = cli("", ci, "jobs", "--json");
        assertThat(jobs.stdout().strip()).isEqualTo("[]");
        Result env = cli("", ci, "env", "set", "ci-function", "X=1");
        assertThat(env.code()).isEqualTo(1);
        assertThat(env.stderr()).contains("no job named \"ci-function\"");
    }

    @Test
    void theGithubPublishActionPublishesWithACiToken() throws Exception {
        Path function = home.resolve("action-function");
        succeeds("init", function.toString());
        String token = succeeds("tokens", "create", "--publish-only").stdout().strip();
        JsonNode step = new YAMLMapper().readTree(Path.of(".github/actions/publish/action.yml").toFile())
                .path("runs").path("steps").get(1);
        Path output = Files.createTempFile(home, "github-output-", ".txt");
        Map<String, String> env = Map.of("JOBBER_URL", adminUrl(), "JOBBER_TOKEN", token, "JOBBER_GATEWAY_URL", "",
                "DIRECTORY", function.toString(), "ACTIVATE", "true");
        assertThat(step.path("env").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(env.keySet());

        ProcessBuilder builder = new ProcessBuilder("bash", "-c", step.path("run").asText()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("JOBBER_"));
        builder.environment().putAll(env);
        builder.environment().putAll(Map.of("GITHUB_ACTION_PATH", Path.of(".github/actions/publish").toAbsolutePath()
                .toString(), "RUNNER_TEMP", home.toString(), "GITHUB_OUTPUT", output.toString(),
                "XDG_CONFIG_HOME", home.resolve("action-config").toString()));
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("action-function 1.0.0: active");
        assertThat(Files.readString(output)).contains("version=1.0.0\n", "active=true\n",
                "urls<<JOBBER_URLS\nGET " + jobber.gatewayUri("/action-function") + "\nJOBBER_URLS\n");
    }

    @Test
    void anInvalidManifestFailsThePublishWithItsFieldErrors() throws Exception {
        Path function = Files.createDirectories(home.resolve("broken"));
        Files.writeString(function.resolve("package.json"), "{\"name\":\"broken\",\"main\":\"./index.js\","
                + "\"triggers\":[{\"type\":\"schedule\",\"cron\":\"not a cron\"}]}");
        Files.writeString(function.resolve("index.js"), "export function handler() {}\n");
        Result failed = cli("", Map.of(), "publish", function.toString());
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.stderr()).containsPattern("(?m)^  version: is required$")
                .containsPattern("(?m)^  triggers\\[0\\]\\.cron: .+$");
    }

    @Test
    void anExpiredLoginTellsToSignInAgain() throws Exception {
        Result result = cli("", Map.of("JOBBER_TOKEN", "jbt_not-a-token"), "jobs");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.stderr()).contains("run jobber login URL");
    }

    private static String route(Result published) {
        Matcher matcher = ROUTE.matcher(published.stdout());
        assertThat(matcher.find()).as(published.toString()).isTrue();
        return matcher.group(1);
    }

    private static Result succeeds(String... args) throws Exception {
        Result result = cli("", Map.of(), args);
        assertThat(result.code()).as(result.toString()).isZero();
        return result;
    }

    private static Result cli(String stdin, Map<String, String> environment, String... args) throws Exception {
        Path out = Files.createTempFile(home, "out-", ".txt");
        Path err = Files.createTempFile(home, "err-", ".txt");
        Path in = Files.writeString(Files.createTempFile(home, "in-", ".txt"), stdin);
        Process process = process(List.of(args), environment).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("jobber " + String.join(" ", args) + " did not finish:\n" + Files.readString(err));
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        for (Path file : List.of(out, err, in)) {
            Files.delete(file);
        }
        return result;
    }

    private static ProcessBuilder process(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("node", CLI.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("JOBBER_"));
        Map<String, String> all = new HashMap<>(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString()));
        all.putAll(environment);
        env.putAll(all);
        return builder;
    }

    private static String get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }
    }

    private static String adminUrl() {
        String uri = jobber.uri("").toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private record Result(int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
