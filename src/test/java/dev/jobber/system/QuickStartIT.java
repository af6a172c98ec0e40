package dev.jobber.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Follows the README's quick start word for word on a fresh data directory: {@code ./scripts/start.sh}, then each
 * line of its first-function block in a shell, the password read from Jobber's output as a newcomer would. The only
 * changes are the ports (free ones instead of 3000 and 3001) and, as the README says for machines like this one, the
 * offline image build and host networking. The runner image gets a name of its own, so that Jobber builds it.
 */
class QuickStartIT {

    private static final Pattern PASSWORD = Pattern.compile("generated password (\\S+)");
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmesQuickStartGivesAWorkingUrl() throws Exception {
        String readme = Files.readString(README);
        assertThat(blockHolding(readme, "./scripts/start.sh")).anyMatch(line -> line.startsWith("./scripts/start.sh"));
        List<String> steps = blockHolding(readme, "jobber login");
        assertThat(steps).hasSize(3);

        Path dataDir = Files.createTempDirectory("jobber-quickstart-");
        Path home = Files.createTempDirectory("jobber-quickstart-home-");
        String image = "jobber-quickstart-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
        JobberProcess jobber = JobberProcess.startScript(dataDir, Map.of(
                "RUNNER_IMAGE_BUILD", "local",
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE20_URL", image,
                "RUNNER_IMAGE_NODE22_URL", image,
                "RUNNER_IMAGE_NODE24_URL", image));
        try {
            jobber.awaitLive();
            String password = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher matcher = PASSWORD.matcher(jobber.output());
                return matcher.find() ? matcher.group(1) : null;
            }, p -> p != null);

            for (String step : steps) {
                String command = step.replaceAll("\\s+#.*$", "")
                        .replace("localhost:3000", "127.0.0.1:" + jobber.adminPort())
                        .replace("localhost:3001", "127.0.0.1:" + jobber.gatewayPort());
                String expected = step.contains(" # ") ? step.substring(step.indexOf(" # ") + 3).trim() : "";
                Result result = run(command, command.contains("jobber login") ? password + "\n" : "", home);
                assertThat(result.code()).as(step + "\n" + result + "\n" + jobber.output()).isZero();
                if (command.startsWith("curl")) {
                    assertThat(result.stdout().trim()).as(step).isEqualTo(expected);
                }
                if (command.contains("jobber publish")) {
                    assertThat(result.stdout()).as(step).contains("http://").contains("/hello");
                }
            }
        } finally {
            jobber.stop();
            jobber.close();
            TestFiles.deleteRecursively(dataDir);
            TestFiles.deleteRecursively(home);
            if (TestDocker.imageExists(image)) {
                TestDocker.client().removeImageCmd(image).withForce(true).exec();
            }
        }
    }

    /** The lines of the first {@code sh} code block of the README that holds {@code text}. */
    private static List<String> blockHolding(String readme, String text) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : readme.split("\n")) {
            if (!inside && line.equals("```sh")) {
                inside = true;
                lines.clear();
            } else if (inside && line.equals("```")) {
                inside = false;
                if (lines.stream().anyMatch(l -> l.contains(text))) {
                    return lines;
                }
            } else if (inside && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        throw new AssertionError("The README has no sh block holding " + text);
    }

    private static Result run(String command, String stdin, Path home) throws Exception {
        Path out = Files.createTempFile(home, "out-", ".txt");
        Path err = Files.createTempFile(home, "err-", ".txt");
        Path in = Files.writeString(Files.createTempFile(home, "in-", ".txt"), stdin);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JOBBER_"));
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 3 minutes:\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int code, String stdout, String stderr) {
    }
}
