package dev.jobber.runner;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobArchive;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real TypeScript project as a user writes one: {@code npm install} of TypeScript, Node's types, the runner's
 * shipped declarations ({@code runner-images/runner}, as a development dependency) and one runtime dependency;
 * {@code tsc} in strict mode; the zip holds the compiled code and the production {@code node_modules}. Both handler
 * generations are compiled and invoked through the gateway. Skipped where {@code npm} is missing.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class TypeScriptProjectTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path RUNNER_TYPES = Path.of("runner-images/runner").toAbsolutePath();
    private static Path project;

    @Inject
    GatewayServer gateway;

    private static final String MODERN = """
            import type { Bootstrap, HttpHandler } from 'jobber-runner';
            import ms from 'ms';

            let bootedAt: string | null = null;

            export const bootstrap: Bootstrap = async () => {
              bootedAt = 'bootstrap';
              await jobber.setStore('ts-boot', 'stored at bootstrap');
            };

            export const handlerHttp: HttpHandler = async ({ request, response }) => {
              const body = await request.json<{ duration: ms.StringValue }>();
              const stored: string | null = await globalThis.jobber.getStore('ts-boot');
              const tags = request.header('x-tag');
              response.status(201).json({ millis: ms(body.duration), method: request.method, stored, bootedAt, tags });
            };
            """;

    private static final String CLASSIC = """
            import type { Handler, JobModule } from 'jobber-runner';
            import ms from 'ms';

            export const handler: Handler = async (request, response, context) => {
              const item = await context.setStore('classic', String(ms((request.query('d') ?? '1s') as ms.StringValue)));
              await response.header('x-store-key', item.key).written();
              response.json({ millis: Number(item.value), type: request.type() });
            };

            export const shape: JobModule = { handler };
            """;

    @BeforeAll
    static void buildProject() throws Exception {
        Assumptions.assumeTrue(succeeds(Path.of("."), 30, "npm", "--version"), "npm is not installed");
        project = Files.createTempDirectory("jobber-ts-");
        ObjectNode manifest = MAPPER.createObjectNode().put("name", "ts-function").put("version", "1.0.0")
                .put("main", "./dist/index.js").put("type", "commonjs");
        manifest.putObject("dependencies").put("ms", "2.1.3");
        manifest.putObject("devDependencies").put("typescript", "^5.6.0").put("@types/node", "^20.0.0")
                .put("@types/ms", "^2.1.0").put("jobber-runner", "file:" + RUNNER_TYPES);
        Files.writeString(project.resolve("package.json"), MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest));
        Files.writeString(project.resolve("tsconfig.json"), """
                {
                  "compilerOptions": {
                    "target": "ES2022", "module": "node16", "moduleResolution": "node16", "strict": true,
                    "esModuleInterop": true, "rootDir": "src", "outDir": "dist", "types": ["node"]
                  },
                  "include": ["src"]
                }
                """);
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/index.ts"), MODERN);
        Files.writeString(project.resolve("src/classic.ts"), CLASSIC);

        run(300, "npm", "install", "--no-audit", "--no-fund");
        run(120, "node", "node_modules/typescript/bin/tsc", "-p", ".");
        run(120, "npm", "prune", "--omit=dev", "--no-audit", "--no-fund");
    }

    @AfterAll
    static void removeProject() {
        if (project != null) {
            TestFiles.deleteRecursively(project);
        }
    }

    @Test
    void compilesAgainstTheRunnerTypesAndRunsBothGenerationsWithTheirDependency() throws Exception {
        String name = unique("ts");
        publish(archive(name, "./dist/index.js").zip()).statusCode(200);
        given().header("X-Tag", "a").header("Content-Type", "application/json").body("{\"duration\":\"2 days\"}")
                .post(url("/" + name + "/x")).then().statusCode(201)
                .body("millis", equalTo(172_800_000)).body("method", equalTo("POST"))
                .body("stored", equalTo("stored at bootstrap")).body("bootedAt", equalTo("bootstrap"))
                .body("tags", equalTo("a"));

        String classic = unique("ts-classic");
        publish(archive(classic, "./dist/classic.js").zip()).statusCode(200);
        given().get(url("/" + classic + "/x?d=1m")).then().statusCode(200).header("x-store-key", "classic")
                .body("millis", equalTo(60_000)).body("type", equalTo("http"));
    }

    /** The built project as a job archive: production node_modules and compiled code, no symbolic links. */
    private static JobArchive archive(String name, String main) throws IOException {
        ObjectNode manifest = (ObjectNode) MAPPER.readTree(project.resolve("package.json").toFile());
        manifest.put("name", name).put("main", main);
        manifest.putArray("triggers").addObject().put("type", "http").put("path", "^/" + name + "/");
        JobArchive archive = job(name, "1.0.0").rawManifest(manifest.toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(project)) {
            files = walk.filter(p -> !Files.isDirectory(p)).toList();
        }
        assertThat(files).noneMatch(Files::isSymbolicLink);
        assertThat(files).anyMatch(p -> p.endsWith("node_modules/ms/index.js"));
        assertThat(files).noneMatch(p -> p.toString().contains("node_modules/typescript"));
        for (Path file : files) {
            String path = project.relativize(file).toString();
            if (!path.equals("package.json")) {
                archive.file(path, Files.readAllBytes(file));
            }
        }
        return archive;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private static void run(int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile("jobber-ts-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited && process.exitValue() == 0).as("%s:%n%s", String.join(" ", command),
                    Files.readString(log, StandardCharsets.UTF_8)).isTrue();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean succeeds(Path directory, int timeoutSeconds, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
