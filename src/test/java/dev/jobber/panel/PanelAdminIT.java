package dev.jobber.panel;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.jobber.testing.JobArchive.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.jobber.testing.TestAdmin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The panel's users, API tokens and account pages, with a Jobber of their own: a restricted user sees only what its
 * permissions allow, a token made in the panel publishes with curl, and the administrator changes the password (last,
 * and set back after, since the other tests sign in with it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelAdminIT {

    @RegisterExtension
    static final PanelHarness harness = new PanelHarness();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Order(1)
    void aUserAllowedToReadOneJobSeesOnlyItAndNoWayToChangeIt(PanelPage admin, PanelPage restricted) {
        String hello = harness.jobIdOrPublish("hello", Path.of("examples/hello"));
        harness.publishThroughApi(job("not-for-everyone", "1.0.0").zip());
        String username = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();

        admin.openSignedIn("/").openSection("Users");
        admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a user")).click();
        Locator form = admin.page().getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("New user"));
        form.getByLabel("Username").fill(username);
        form.getByLabel("Password", new Locator.GetByLabelOptions().setExact(true)).fill(password);
        form.getByLabel("Repeat the password").fill(password);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("JSON")).click();
        form.getByLabel("Permissions as JSON").fill(
                "[{\"effect\": \"allow\", \"resource\": \"job/" + hello + "\", \"actions\": [\"read\"]}]");
        assertThat(form.getByText("Valid: 1 statement.")).isVisible();
        admin.screenshot("user-new");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create user")).click();
        assertThat(admin.heading(username)).isVisible();
        admin.openSection("Users");
        assertThat(admin.page().getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(username)))
                .containsText("job/" + hello);
        admin.screenshot("users");

        restricted.expectApiFailure(403, "/api/health").expectApiFailure(403, "/api/metrics/errors")
                .expectApiFailure(403, "/api/metrics/jobs");
        restricted.openSignedOut("/").signIn(username, password);
        assertThat(restricted.mainMenu().getByRole(AriaRole.LINK)).hasText(new String[] {"Jobs"});
        restricted.openJobs();
        assertThat(restricted.jobRow("hello")).isVisible();
        assertThat(restricted.jobRow("not-for-everyone")).not().isVisible();
        assertThat(restricted.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Publish a job")))
                .not().isVisible();
        assertThat(restricted.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable hello")))
                .not().isVisible();
        restricted.screenshot("restricted-jobs");

        restricted.openJob("hello", "Runners");
        assertThat(restricted.jobTab("Runners").getByRole(AriaRole.ROW).nth(1)).isVisible();
        assertThat(restricted.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Shut down")))
                .hasCount(0);
        assertThat(restricted.button("Disable job")).hasCount(0);
        assertThat(restricted.button("Delete job")).hasCount(0);
        restricted.openJob("hello", "Environment");
        assertThat(restricted.jobTab("Environment").getByText("No variables that you may read.")).isVisible();
        assertThat(restricted.button("Add variable")).hasCount(0);
        assertThat(restricted.page().getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Sections"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Publish"))).hasCount(0);
        restricted.screenshot("restricted-job");
    }

    @Test
    @Order(2)
    void aTokenMadeInThePanelIsShownOnceAndPublishesWithCurl(PanelPage panel) throws Exception {
        String description = "CI " + UUID.randomUUID();
        panel.openSignedIn("/").openSection("API tokens");
        panel.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create an API token")).click();
        Locator form = panel.page().getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("New API token"));
        form.getByLabel("Description").fill(description);
        form.getByLabel("1 day").check();
        assertThat(form.getByLabel("Resource")).hasValue("job/-/publish");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create token")).click();

        assertThat(panel.heading("API token created")).isVisible();
        String token = panel.page().getByLabel("The token").textContent().trim();
        Assertions.assertThat(token).isNotBlank();
        assertThat(panel.page().getByLabel("Publish command")).containsText("Bearer " + token);
        panel.screenshot("token-created");

        Path archive = Files.createTempFile("curled-", ".zip");
        try {
            Files.write(archive, job("curled", "3.2.1").zip());
            Process curl = new ProcessBuilder("curl", "-sf", "-H", "Authorization: Bearer " + token,
                    "-F", "archive=@" + archive, harness.jobber().uri("/api/job/publish/").toString())
                    .redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Assertions.assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Assertions.assertThat(curl.exitValue()).as(output).isZero();
            JsonNode answer = JSON.readTree(output);
            Assertions.assertThat(answer.path("success").asBoolean()).as(output).isTrue();
            Assertions.assertThat(answer.path("data").path("version").path("version").asText()).isEqualTo("3.2.1");
        } finally {
            Files.deleteIfExists(archive);
        }

        panel.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Done")).click();
        assertThat(panel.heading(description)).isVisible();
        Assertions.assertThat(panel.page().content()).doesNotContain(token);
        panel.openSection("API tokens");
        assertThat(panel.page().getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(description)))
                .containsText("job/-/publish");
        panel.screenshot("tokens");
        panel.openJobs();
        assertThat(panel.jobRow("curled")).containsText("3.2.1");
    }

    @Test
    @Order(3)
    void theAdministratorChangesThePasswordAndSignsInWithTheNewOne(PanelPage panel, PanelPage again)
            throws IOException, InterruptedException {
        String changed = "changed-" + UUID.randomUUID();
        panel.openSignedIn("/account");
        assertThat(panel.heading("Account")).isVisible();
        try {
            panel.page().getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill(changed);
            panel.page().getByLabel("Repeat the new password").fill(changed);
            panel.button("Change password").click();
            assertThat(panel.page().getByText("Your password is changed.")).isVisible();
            panel.screenshot("account");

            again.expectApiFailure(401, "/api/auth/login");
            again.openSignedOut("/").submitSignIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
            assertThat(again.alert()).containsText("Invalid username or password");
            again.signIn(TestAdmin.USERNAME, changed);
            assertThat(again.heading("Overview")).isVisible();
        } finally {
            setAdminPassword(TestAdmin.PASSWORD);
        }
    }

    /** Sets the administrator's password through the admin API (the test token outlives a password change). */
    private static void setAdminPassword(String password) throws IOException, InterruptedException {
        var admin = harness.admin();
        String id = JSON.readTree(admin.get("/api/auth").body()).path("data").path("user").path("id").asText();
        var answer = admin.send(java.net.http.HttpRequest.newBuilder(harness.jobber().uri("/api/users/" + id))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("password", password)))));
        Assertions.assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Assertions.assertThat(List.of(TestAdmin.login(harness.jobber().uri("/"), TestAdmin.USERNAME, password)))
                .isNotEmpty();
    }
}
