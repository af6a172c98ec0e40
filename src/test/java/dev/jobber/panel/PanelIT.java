package dev.jobber.panel;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.jobber.testing.JobArchive.job;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import dev.jobber.testing.TestAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web panel in a real headless Chromium against the packaged Jobber, used as a person would: through the sign-in
 * form, the menu, the lists and their buttons. Each test has a fresh page (no cookies); they share one Jobber, so a
 * test creates the jobs it looks at and finds them by name. Steps are {@link PanelPage} methods.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelIT {

    @RegisterExtension
    static final PanelHarness harness = new PanelHarness();

    private static final Path HELLO = Path.of("examples/hello");
    /** Answers GET /greeter?name=… as hello does, and logs "greeting …" first. */
    private static final String GREETER = """
            module.exports.handler = async (request, response) => {
              const name = request.query("name") ?? "world";
              console.log(`greeting ${name}`);
              response.json({ message: `Hello, ${name}!` });
            };
            """;

    /** The "greeter" job (published once, through the API, by whichever test needs it first); its id. */
    private static String greeter() {
        return harness.jobId("greeter").orElseGet(() -> harness.publishThroughApi(job("greeter", "1.0.0")
                .manifest(m -> m.withArray("triggers").removeAll().addObject().put("type", "http")
                        .put("method", "GET").put("path", "/greeter"))
                .file("index.js", GREETER).zip()));
    }

    /** Sends the greeter job GET /greeter?name={@code name} through the gateway, then opens its {@code tab}. */
    private static void greetThenOpen(PanelPage panel, String name, String tab) {
        greeter();
        Assertions.assertThat(harness.callGateway("/greeter?name=" + name).statusCode()).isEqualTo(200);
        panel.openSignedIn("/").openJob("greeter", tab);
    }

    @Test
    @Order(1)
    void publishesByUploadAndByDropShowingProgressAndTheArchivesFieldErrors(PanelPage panel) {
        panel.openSignedIn("/publish");
        assertThat(panel.heading("Publish a job")).isVisible();

        // Choosing the file; the upload is held at the server's door so its progress can be seen.
        panel.page().getByLabel("Choose a .zip archive").setInputFiles(Path.of("examples/hello.zip"));
        assertThat(panel.page().getByText("Chosen: hello.zip")).isVisible();
        List<Route> held = new ArrayList<>();
        panel.page().route("**/api/job/publish/**", held::add);
        panel.button("Publish").click();
        assertThat(panel.page().getByRole(AriaRole.PROGRESSBAR)).isVisible();
        assertThat(panel.button("Publishing…")).isDisabled();
        panel.page().unroute("**/api/job/publish/**");
        Assertions.assertThat(held).hasSize(1);
        held.getFirst().resume();
        Locator published = panel.page().getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions()
                .setHasText("Published version"));
        assertThat(published).containsText("Published version 1.0.0 of hello");
        assertThat(published).containsText("It is the active version now.");
        panel.screenshot("publish");

        // Dropping an archive on the drop zone.
        JSHandle dropped = panel.page().evaluateHandle("""
                base64 => {
                  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                  const transfer = new DataTransfer();
                  transfer.items.add(new File([bytes], 'dropped.zip', { type: 'application/zip' }));
                  return transfer;
                }""", Base64.getEncoder().encodeToString(job("dropped", "2.1.0").zip()));
        panel.page().getByText("or drop it here").dispatchEvent("drop", Map.of("dataTransfer", dropped));
        assertThat(panel.page().getByText("Chosen: dropped.zip")).isVisible();
        panel.button("Publish").click();
        assertThat(published).containsText("Published version 2.1.0 of dropped");

        // A broken archive: its package.json lacks the name and the version.
        panel.expectApiFailure(400, "/api/job/publish/");
        panel.page().getByLabel("Choose a .zip archive").setInputFiles(new FilePayload("broken.zip", "application/zip",
                job("broken", "1.0.0").manifest(m -> m.remove(List.of("name", "version"))).zip()));
        panel.button("Publish").click();
        Locator refused = panel.alert().filter(new Locator.FilterOptions().setHasText("Not published"));
        assertThat(refused).containsText("error 400");
        assertThat(refused.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("name")))
                .isVisible();
        assertThat(refused.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("version")))
                .isVisible();
        panel.screenshot("publish-refused");
    }

    @Test
    void theJobOverviewShowsTheRouteAsALinkToTheGateway(PanelPage panel) {
        harness.jobIdOrPublish("hello", HELLO);
        panel.openSignedIn("/").openJob("hello", null);

        assertThat(panel.heading("hello")).isVisible();
        assertThat(panel.activeVersion()).containsText("1.0.0");
        String url = harness.jobber().gatewayUri("/hello").toString();
        Locator route = panel.jobTab("Overview").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(url));
        assertThat(route).isVisible();
        panel.screenshot("job-overview");

        panel.expectConsoleError("/favicon.ico"); // the gateway's, asked for by the new tab
        Page opened = panel.page().waitForPopup(route::click);
        opened.waitForLoadState();
        Assertions.assertThat(opened.content()).contains("Hello, world!");
        opened.close();
    }

    @Test
    void triggersActionStoreAndMetricsTabsShowTheJobsSettings(PanelPage panel) {
        harness.jobIdOrPublish("hello", HELLO);
        panel.openSignedIn("/").openJob("hello", "Triggers");
        Locator trigger = panel.jobTab("Triggers").getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                .setHasText("/hello"));
        assertThat(trigger).containsText("http");
        assertThat(trigger).containsText("GET");
        assertThat(trigger.getByRole(AriaRole.CELL).last()).not().isEmpty();
        panel.screenshot("job-triggers");

        panel.openJob("hello", "Action");
        Locator action = panel.jobTab("Action");
        assertThat(action.getByText("runnerTimeout")).isVisible();
        assertThat(action.getByText("1 runner kept warm")).isVisible();
        assertThat(action.getByText("4 runners")).isVisible();
        panel.screenshot("job-action");

        panel.openJob("hello", "Store");
        assertThat(panel.jobTab("Store").getByRole(AriaRole.SEARCHBOX, new Locator.GetByRoleOptions()
                .setName("Filter by key"))).isVisible();
        assertThat(panel.jobTab("Store").getByText("The store is empty.")).isVisible();
        panel.screenshot("job-store");

        panel.openJob("hello", "Metrics");
        assertThat(panel.page().getByRole(AriaRole.FIGURE, new Page.GetByRoleOptions()
                .setName("Requests by outcome (per step)"))).isVisible();
        assertThat(panel.page().getByRole(AriaRole.FIGURE, new Page.GetByRoleOptions().setName("Active runners")))
                .isVisible();
        panel.screenshot("job-metrics");
    }

    @Test
    void tryItSendsARequestAndShowsTheAnswerAndThatRequestsLogLines(PanelPage panel) {
        // Another request first, whose log line must not be shown with the one tried.
        greetThenOpen(panel, "someone-else", "Try it");

        Locator form = panel.jobTab("Try it");
        assertThat(form.getByLabel("Method")).hasValue("GET");
        form.getByLabel("Path").fill("/greeter?name=panel");
        panel.button("Send").click();

        Locator answer = form.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Answer"))
                .locator("xpath=..");
        assertThat(answer).containsText("200");
        assertThat(answer).containsText(Pattern.compile("200 in [0-9.]+ (µs|ms|s)"));
        assertThat(answer.getByText("\"message\": \"Hello, panel!\"")).isVisible();
        assertThat(answer).containsText(Pattern.compile("request [0-9a-f-]{36}"));
        assertThat(answer.getByText("greeting panel")).isVisible();
        assertThat(answer.getByText("greeting someone-else")).not().isVisible();
        panel.screenshot("job-try-it");
    }

    @Test
    void logsShowAGatewayRequestsLineLiveAndFilterByItsRequestId(PanelPage panel) {
        greeter();
        panel.openSignedIn("/").openJob("greeter", "Logs");
        Locator lines = panel.jobTab("Logs").getByRole(AriaRole.LIST);
        assertThat(panel.page().getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions()
                .setHasText(Pattern.compile("lines?, all loaded|lines?$")))).isVisible();

        // The live tail may not be subscribed yet when the first request is answered: ask again until a line comes.
        String marker = "live-" + UUID.randomUUID();
        Locator line = lines.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(marker));
        for (int attempt = 0; attempt < 10 && !line.first().isVisible(); attempt++) {
            Assertions.assertThat(harness.callGateway("/greeter?name=" + marker).statusCode()).isEqualTo(200);
            try {
                line.first().waitFor(new Locator.WaitForOptions().setTimeout(3000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                // not yet: the tail was not listening; the next request's line will come
            }
        }
        assertThat(line.first()).isVisible();
        panel.screenshot("job-logs");

        String other = "other-" + UUID.randomUUID();
        harness.callGateway("/greeter?name=" + other);
        assertThat(lines.getByText("greeting " + other)).isVisible();
        Locator filter = line.first().getByRole(AriaRole.BUTTON);
        String requestId = filter.getAttribute("aria-label").replace("Show only request ", "");
        filter.click();

        assertThat(panel.page()).hasURL(Pattern.compile("requestId=" + requestId));
        assertThat(panel.page().getByLabel("Request id")).hasValue(requestId);
        assertThat(line.first()).isVisible();
        assertThat(lines.getByText("greeting " + other)).not().isVisible();
        panel.screenshot("job-logs-request");
    }

    @Test
    void environmentShowsTextValuesAndNeverASecretWhichTheFunctionSees(PanelPage panel) {
        String secret = "s3cret-" + UUID.randomUUID();
        String text = "visible-" + UUID.randomUUID();
        harness.publishThroughApi(job("env-echo", "1.0.0").file("index.js", """
                module.exports.handler = async (request, response) => response.json({
                  text: process.env.PANEL_TEXT ?? null, secret: process.env.PANEL_SECRET ?? null });
                """).zip());
        panel.openSignedIn("/").recordApiAnswers().openJob("env-echo", "Environment");

        addVariable(panel, "PANEL_TEXT", "Text", "Value", text);
        addVariable(panel, "PANEL_SECRET", "Secret", "Secret value", secret);
        Locator variables = panel.jobTab("Environment");
        assertThat(variables.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("PANEL_TEXT")))
                .containsText(text);
        assertThat(variables.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("PANEL_SECRET")))
                .containsText("secret (hidden)");
        panel.page().reload();
        assertThat(variables.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("PANEL_SECRET")))
                .containsText("secret (hidden)");
        panel.screenshot("job-environment");

        Assertions.assertThat(panel.page().content()).contains(text).doesNotContain(secret);
        List<String> answers = panel.apiAnswerBodies();
        Assertions.assertThat(answers).anyMatch(answer -> answer.contains("/environment: ") && answer.contains(text));
        Assertions.assertThat(answers).noneMatch(answer -> answer.contains(secret));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Assertions.assertThat(harness.callGateway("/env-echo").body())
                        .isEqualTo("{\"text\":\"" + text + "\",\"secret\":\"" + secret + "\"}"));
    }

    private static void addVariable(PanelPage panel, String name, String type, String valueLabel, String value) {
        panel.button("Add variable").click();
        Locator dialog = panel.dialog("Add a variable");
        dialog.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill(name);
        dialog.getByLabel("Type").selectOption(type);
        dialog.getByLabel(valueLabel, new Locator.GetByLabelOptions().setExact(true)).fill(value);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        assertThat(dialog).not().isVisible();
        assertThat(panel.jobTab("Environment").getByRole(AriaRole.CELL, new Locator.GetByRoleOptions()
                .setName(name).setExact(true))).isVisible();
    }

    @Test
    void versionsRollBackToThePreviousVersionAndCompareTwo(PanelPage panel) {
        String answers = "module.exports.handler = async (request, response) => response.text('%s');\n";
        harness.publishThroughApi(job("versioned", "1.0.0").file("index.js", answers.formatted("v1")).zip());
        harness.publishThroughApi(job("versioned", "2.0.0").file("index.js", answers.formatted("v2"))
                .manifest(m -> m.put("description", "The second version")).zip());
        panel.openSignedIn("/").openJob("versioned", "Versions");
        assertThat(panel.activeVersion()).containsText("2.0.0");

        // Both versions are published within a second (the same "created"): the panel still knows 1.0.0 came first.
        Pattern toPrevious = Pattern.compile("^Roll back to 1\\.0\\.0$");
        panel.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(toPrevious)).click();
        Locator confirm = panel.page().getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(toPrevious));
        assertThat(confirm).containsText("Make 1.0.0 the active version instead of 2.0.0?");
        confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Activate")).click();
        assertThat(panel.activeVersion()).containsText("1.0.0");
        assertThat(panel.jobTab("Versions").getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                .setHas(panel.page().getByText("1.0.0", new Page.GetByTextOptions().setExact(true)))))
                .containsText("active");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Assertions.assertThat(harness.callGateway("/versioned").body()).isEqualTo("v1"));

        Locator compare = panel.page().getByRole(AriaRole.REGION, new Page.GetByRoleOptions()
                .setName("Compare manifests"));
        compare.getByLabel("From").selectOption("1.0.0");
        compare.getByLabel("To").selectOption("2.0.0");
        assertThat(compare).containsText("From 1.0.0 to 2.0.0");
        assertThat(compare.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("added"))
                .filter(new Locator.FilterOptions().setHasText("The second version"))).isVisible();
        panel.screenshot("job-versions");
    }

    @Test
    void runnersListARunnerAfterARequestAndShutItDownGracefully(PanelPage panel) {
        greetThenOpen(panel, "runner", "Runners");

        Locator ready = panel.jobTab("Runners").getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                .setHas(panel.page().getByText("ready", new Page.GetByTextOptions().setExact(true))));
        assertThat(ready.first()).isVisible();
        panel.screenshot("job-runners");
        String runner = ready.first().getByRole(AriaRole.CODE).textContent();

        panel.button("Shut down runner " + runner + " gracefully").click();
        Locator row = panel.jobTab("Runners").getByRole(AriaRole.ROW).filter(new Locator.FilterOptions()
                .setHasText(runner));
        assertThat(row.getByText("ready", new Locator.GetByTextOptions().setExact(true))).not().isVisible(
                new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
    }

    @Test
    void theOverviewShowsTheInstanceHealthAndTotals(PanelPage panel) {
        harness.jobIdOrPublish("hello", HELLO);
        panel.openSignedIn("/");

        assertThat(panel.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Health")))
                .containsText("up");
        assertThat(panel.page().getByText("Database")).isVisible();
        Locator totals = panel.page().getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Totals"));
        assertThat(totals.getByText("runners ready / total")).isVisible();
        assertThat(totals.getByText(Pattern.compile("jobs \\(\\d+ enabled, \\d+ disabled\\)"))).isVisible();
        assertThat(panel.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Recent errors")))
                .isVisible();
        panel.screenshot("overview-health");
    }

    @Test
    void theJobsListHasItsColumns(PanelPage panel) {
        harness.jobIdOrPublish("hello", HELLO);
        panel.openSignedIn("/").openJobs();

        assertThat(panel.page().getByRole(AriaRole.COLUMNHEADER)).hasText(new String[] {"Name", "Description",
                "Status", "Version", "Runners", "Requests (1 h)", "Errors (1 h)", "Last request", "Actions"});
        Locator hello = panel.jobRow("hello");
        assertThat(hello.getByRole(AriaRole.CELL).nth(4)).hasText(Pattern.compile("\\d+ / \\d+"));
        assertThat(hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable hello")))
                .isVisible();
    }

    @Test
    void rootOfTheAdminPortLeadsToThePanelsSignInForm(PanelPage panel) {
        panel.expectApiFailure(401, "/api/auth");

        Response answer = panel.page().navigate("/");

        Assertions.assertThat(answer.request().redirectedFrom()).isNotNull();
        Assertions.assertThat(answer.url()).isEqualTo(harness.jobber().uri(PanelPage.ROOT + "/").toString());
        assertThat(panel.signInForm()).isVisible();
    }

    @Test
    void signsInThroughTheFormAndShowsTheOverview(PanelPage panel) {
        panel.signIn();

        assertThat(panel.heading("Overview")).isVisible();
        assertThat(panel.page().getByText("runners ready / total")).isVisible();
        assertThat(panel.page().getByText("jobs (")).isVisible();
        panel.screenshot("overview");
    }

    @Test
    void aWrongPasswordIsRefusedWithTheServersMessage(PanelPage panel) {
        panel.openSignedOut("/").expectApiFailure(401, "/api/auth/login");

        panel.submitSignIn(TestAdmin.USERNAME, "not-" + TestAdmin.PASSWORD);

        assertThat(panel.alert()).containsText("Sign-in failed");
        assertThat(panel.alert()).containsText("Invalid username or password");
        assertThat(panel.signInForm()).isVisible();
        assertThat(panel.mainMenu()).not().isVisible();
        Assertions.assertThat(panel.apiFailures()).contains("401 POST /api/auth/login");
    }

    @Test
    void listsAJobPublishedThroughTheApiSearchFindsItAndItsLinkOpensIt(PanelPage panel) {
        String hello = harness.jobIdOrPublish("hello", HELLO);
        harness.publishThroughApi(job("search-decoy", "1.0.0").zip());
        panel.openSignedIn("/").openJobs();

        assertThat(panel.jobRow("hello")).containsText("Answers GET /hello with a greeting");
        assertThat(panel.jobRow("hello")).containsText("1.0.0");
        assertThat(panel.jobRow("search-decoy")).isVisible();

        panel.searchJobs("HELL");
        assertThat(panel.jobRow("hello")).isVisible();
        assertThat(panel.jobRow("search-decoy")).not().isVisible();

        panel.searchJobs("no job is called this");
        assertThat(panel.page().getByText("No jobs match.")).isVisible();
        panel.screenshot("jobs");

        panel.openJob("hello", null);
        assertThat(panel.page()).hasURL(harness.jobber().uri(PanelPage.ROOT + "/jobs/" + hello).toString());
    }

    @Test
    void disablesAndEnablesAJobFromTheList(PanelPage panel) {
        harness.publishThroughApi(job("switched", "1.0.0").zip());
        panel.openSignedIn("/").openJobs();
        assertThat(panel.jobRow("switched")).containsText("enabled");

        panel.switchJob("switched", false);
        panel.page().reload();
        assertThat(panel.jobRow("switched").getByText("disabled")).isVisible();

        panel.switchJob("switched", true);
    }

    @Test
    void signingOutReturnsToTheSignInFormAndEndsTheSession(PanelPage panel) {
        panel.signIn().signOut();

        panel.openSignedOut("/jobs");
        assertThat(panel.mainMenu()).not().isVisible();
    }

    @Test
    void catchesApiFailuresAndConsoleErrorsTheTestDidNotDeclare(PanelPage panel) {
        String missing = "/api/job/00000000-0000-0000-0000-000000000000";
        panel.openSignedIn("/");

        panel.page().evaluate("path => fetch(path).then(() => console.error('seen by the harness'))", missing);

        Assertions.assertThat(panel.unexpectedProblems()).satisfiesExactly(
                problem -> Assertions.assertThat(problem).isEqualTo("API answered 404 GET " + missing),
                problem -> Assertions.assertThat(problem).startsWith("console error: seen by the harness"));
        panel.expectApiFailure(404, missing).expectConsoleError("seen by the harness");
        Assertions.assertThat(panel.unexpectedProblems()).isEmpty();
    }

    @Test
    void thePhoneShowsTheJobsListWithoutSidewaysScrolling(@Phone PanelPage panel) {
        harness.publishThroughApi(job("a-job-with-a-rather-long-name-for-a-phone", "1.0.0")
                .manifest(m -> m.put("description", "A description long enough to wrap on a phone's narrow screen"))
                .zip());
        panel.openSignedIn("/").openJobs();

        assertThat(panel.jobRow("a-job-with-a-rather-long-name-for-a-phone")).isVisible();
        Assertions.assertThat(panel.horizontalOverflow()).as("CSS pixels the page is wider than the screen").isZero();
        panel.screenshot("jobs-phone");
    }
}
