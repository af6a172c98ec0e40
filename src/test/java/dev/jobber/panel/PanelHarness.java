package dev.jobber.panel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.PlaywrightException;
import dev.jobber.testing.AdminClient;
import dev.jobber.testing.JobberProcess;
import dev.jobber.testing.TestDocker;
import dev.jobber.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The panel's browser tests' fixture, registered with {@code @RegisterExtension static}: one packaged Jobber (with
 * the tests' runner images) and one headless Chromium for the class, started side by side; a fresh
 * {@link PanelPage} for every test parameter of that type (desktop, or a phone with {@link Phone}).
 *
 * <p>After each test it fails the test if a page had a console error, a failed request or an admin API failure the
 * test did not declare ({@link PanelPage#expectApiFailure}), listing them; a failed test leaves a screenshot of each of
 * its pages in {@code -Dpanel.screenshots} (default {@code target/panel-screenshots}).
 */
final class PanelHarness implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace PAGES = ExtensionContext.Namespace.create(PanelHarness.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path screenshots = Path.of(System.getProperty("panel.screenshots", "target/panel-screenshots"));
    private Path dataDir;
    private JobberProcess jobber;
    private PanelBrowser browser;
    private AdminClient admin;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(screenshots);
        TestDocker.ensureRunnerImages();
        dataDir = Files.createTempDirectory("jobber-panel-");
        jobber = JobberProcess.start(dataDir, Map.of(
                "RUNNER_CONTAINER_DOCKER_NETWORK", "host",
                "RUNNER_IMAGE_NODE20_URL", TestDocker.image(20),
                "RUNNER_IMAGE_NODE22_URL", TestDocker.image(22),
                "RUNNER_IMAGE_NODE24_URL", TestDocker.image(24)));
        browser = PanelBrowser.launch();
        jobber.awaitReady();
        admin = new AdminClient(jobber);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (JobberProcess stopping = jobber; PanelBrowser closing = browser) {
            if (stopping != null) {
                stopping.stop();
            }
        } finally {
            TestFiles.deleteRecursively(dataDir);
        }
    }

    /** The Jobber under test. */
    JobberProcess jobber() {
        return jobber;
    }

    /** The test administrator's admin API client. */
    AdminClient admin() {
        return admin;
    }

    /**
     * The id of the job called {@code name}, publishing the job in {@code directory} through the admin API first if
     * no job has that name yet (for fixtures several tests share, whichever runs first).
     */
    synchronized String jobIdOrPublish(String name, Path directory) {
        return jobId(name).orElseGet(() -> publishThroughApi(directory));
    }

    /** The id of the job called {@code name}, if there is one. */
    Optional<String> jobId(String name) {
        try {
            HttpResponse<String> response = admin.get("/api/job");
            for (var job : JSON.readTree(response.body()).path("data")) {
                if (job.path("jobName").asText().equals(name)) {
                    return Optional.of(job.path("id").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code path} on the Jobber's gateway, as a job's caller would. */
    HttpResponse<String> callGateway(String path) {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(HttpRequest.newBuilder(jobber.gatewayUri(path)).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes the job in {@code directory} (zipped as {@code jobber publish} would) through the admin API as the
     * test administrator; answers the job's id.
     */
    String publishThroughApi(Path directory) {
        return publishThroughApi(zip(directory));
    }

    /** Publishes a job archive through the admin API as the test administrator; answers the job's id. */
    String publishThroughApi(byte[] archive) {
        try {
            HttpResponse<String> response = admin.publish(archive);
            if (response.statusCode() != 200) {
                throw new AssertionError("Publishing failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).path("data").path("job").path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PanelPage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Viewport viewport = parameter.isAnnotated(Phone.class) ? Viewport.PHONE : Viewport.DESKTOP;
        PanelPage page = browser.open(jobber.uri("/"), viewport, screenshots);
        pagesOf(context).add(page);
        return page;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (PanelPage page : pagesOf(context)) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod()
                    .getName() + (index++ == 0 ? "" : "-" + index);
            List<String> unexpected = page.unexpectedProblems();
            if (context.getExecutionException().isPresent() || !unexpected.isEmpty()) {
                screenshotOfFailure(page, name);
            }
            problems.addAll(unexpected);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The panel had problems the test did not expect:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static void screenshotOfFailure(PanelPage page, String name) {
        try {
            System.err.println("Screenshot of the failed test's page: " + page.screenshot(name + "-failed"));
        } catch (PlaywrightException e) {
            System.err.println("No screenshot of " + name + ": " + e.getMessage());
        }
    }

    private static OpenPages pagesOf(ExtensionContext context) {
        return context.getStore(PAGES).computeIfAbsent(OpenPages.class, type -> new OpenPages(), OpenPages.class);
    }

    /** The pages a test opened; the store closes them after the test. */
    private static final class OpenPages extends ArrayList<PanelPage> implements AutoCloseable {
        @Override
        public void close() {
            forEach(PanelPage::close);
        }
    }

    private static byte[] zip(Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
