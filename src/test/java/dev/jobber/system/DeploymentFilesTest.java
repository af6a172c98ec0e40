package dev.jobber.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yaml as the Compose tool reads it, and the Dockerfile's stages. */
class DeploymentFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeRunsJobberWithPostgresMosquittoAndOptionalLokiAndGrafana() throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither docker compose nor docker-compose is installed");

        JsonNode services = config(compose, "--profile", "observability").path("services");
        assertThat(iterable(services.fieldNames())).contains("postgres", "jobber", "mosquitto", "loki", "grafana");
        for (String optional : List.of("loki", "grafana")) {
            assertThat(services.path(optional).path("profiles").toString()).as(optional).isEqualTo("[\"observability\"]");
        }
        for (String always : List.of("postgres", "jobber", "mosquitto")) {
            assertThat(services.path(always).has("profiles")).as(always).isFalse();
        }

        JsonNode jobber = services.path("jobber");
        assertThat(jobber.path("volumes").toString()).contains("/var/run/docker.sock").contains("/var/lib/jobber");
        assertThat(jobber.path("environment").path("RUNNER_CONTAINER_DOCKER_NETWORK").asText())
                .isEqualTo("jobber-runners");
        assertThat(jobber.path("environment").path("DATABASE_URL").asText()).contains("@postgres:5432/");
        assertThat(jobber.path("environment").path("LOG_DRIVER_LOKI_PUSH").asText()).startsWith("http://loki:3100/");
        assertThat(jobber.path("depends_on").toString()).contains("postgres").contains("mosquitto");
    }

    @Test
    void runnersReachOnlyTheManagerSocketAndTheBrokerNeedsAPassword() throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither docker compose nor docker-compose is installed");
        JsonNode config = config(compose, "--profile", "observability");
        JsonNode services = config.path("services");

        assertThat(config.path("networks").path("jobber-runners").path("internal").asBoolean()).isTrue();
        List<String> onRunnerNetwork = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            if (iterable(service.getValue().path("networks").fieldNames()).contains("jobber-runners")) {
                onRunnerNetwork.add(service.getKey());
            }
        });
        assertThat(onRunnerNetwork).containsExactly("manager-relay");
        JsonNode relay = services.path("manager-relay");
        assertThat(relay.path("command").toString()).contains("TCP-LISTEN:5211").contains("TCP:jobber:5211")
                .doesNotContain("3000").doesNotContain("3001");
        assertThat(services.path("jobber").path("environment").path("MANAGER_HOST").asText())
                .isEqualTo("manager-relay");

        JsonNode mosquitto = services.path("mosquitto");
        assertThat(mosquitto.has("ports")).as("the broker is not published on the host").isFalse();
        String start = Files.readString(Path.of("deploy/mosquitto/start.sh"));
        assertThat(start).contains("allow_anonymous false").contains("password_file").contains("mosquitto_passwd");
        assertThat(mosquitto.path("volumes").toString()).contains("deploy/mosquitto/start.sh");
        assertThat(services.path("postgres").has("ports")).isFalse();
    }

    @Test
    void dockerfileBuildsThePanelWithNodeJobberWithMavenAndRunsOnAJreAsAnUnprivilegedUser() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::trim)
                .filter(line -> !line.startsWith("#")).toList();
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();

        assertThat(stages).hasSize(3);
        assertThat(stages.getFirst()).startsWith("FROM node:").endsWith(" AS panel");
        assertThat(stages.get(1)).contains("maven").endsWith(" AS build");
        assertThat(lines).anyMatch(line -> line.startsWith("COPY --from=panel ")
                && line.endsWith("src/main/resources/META-INF/resources/jobber"));
        assertThat(lines).anyMatch(line -> line.contains("package") && line.contains("-Dpanel.skip=true"));
        assertThat(stages.getLast()).contains("-jre");
        List<String> runtime = lines.subList(lines.indexOf(stages.getLast()), lines.size());
        assertThat(runtime).anyMatch(line -> line.startsWith("COPY --from=build "));
        assertThat(runtime).filteredOn(line -> line.startsWith("USER ")).singleElement().asString()
                .doesNotContain("root").isNotEqualTo("USER 0");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target*").contains("data");
    }

    private static JsonNode config(List<String> compose, String... options) throws Exception {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", "docker-compose.yaml"));
        command.addAll(List.of(options));
        command.add("config");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return YAML.readTree(output);
    }

    /** {@code docker compose} (v2) where the plugin is there, else {@code docker-compose}; null when neither is. */
    private static List<String> composeCommand() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next
            }
        }
        return null;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
