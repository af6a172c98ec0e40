package dev.jobber.panel;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.jobber.testing.JobArchive.job;

import com.microsoft.playwright.Response;
import dev.jobber.testing.TestAdmin;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web panel in a real headless Chromium against the packaged Jobber, used as a person would: through the sign-in
 * form, the menu, the lists and their buttons. Each test has a fresh page (no cookies); they share one Jobber, so a
 * test creates the jobs it looks at and finds them by name. Steps are {@link PanelPage} methods.
 */
class PanelIT {

    @RegisterExtension
    static final PanelHarness harness = new PanelHarness();

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
        String hello = harness.publishThroughApi(Path.of("examples/hello"));
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
