package dev.jobber.panel;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Page.GetByRoleOptions;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.jobber.testing.TestAdmin;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One test's browser page on the panel, with the steps a user takes as methods. Elements are found as a user finds
 * them: by role, label and text, never by CSS class. Every step waits on a real condition (Playwright's auto-waiting
 * actions and web-first assertions), never on time. Steps for the pages still to come belong here, one method each
 * ({@code openJob(name, tab)} is the door to the job page's tabs).
 */
final class PanelPage implements AutoCloseable {

    /** Where the panel lives on the admin port. */
    static final String ROOT = "/jobber";

    private final BrowserContext context;
    private final URI baseUri;
    private final Page page;
    private final PageProblems problems;
    private final Path screenshots;
    private final List<String> apiAnswers = new ArrayList<>();

    PanelPage(BrowserContext context, URI baseUri, PageProblems problems, Path screenshots) {
        this.context = context;
        this.baseUri = baseUri;
        this.page = context.newPage();
        this.problems = problems;
        this.screenshots = screenshots;
    }

    /** The Playwright page, for checks no step below covers yet. */
    Page page() {
        return page;
    }

    /** Lets the page get {@code status} from the admin API at {@code path} (e.g. 401, {@code /api/auth/login}). */
    PanelPage expectApiFailure(int status, String path) {
        problems.expectApiFailure(status, path);
        return this;
    }

    /** Lets the page log a console error that holds {@code text}. */
    PanelPage expectConsoleError(String text) {
        problems.expectConsoleError(text);
        return this;
    }

    /** Opens {@code path} on the admin port as a typed address ({@code /} or {@code /jobber/jobs}). */
    PanelPage visit(String path) {
        page.navigate(path);
        return this;
    }

    /**
     * Opens a panel page ({@code /jobs}) signed out and waits for the sign-in form; the panel's session check
     * ({@code GET /api/auth}) answers 401 then, as it should.
     */
    PanelPage openSignedOut(String panelPath) {
        expectApiFailure(401, "/api/auth");
        visit(ROOT + panelPath);
        assertThat(signInForm()).isVisible();
        return this;
    }

    /** Signs in as the test administrator through the form, from a fresh page; lands on the overview. */
    PanelPage signIn() {
        openSignedOut("/");
        return signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
    }

    /**
     * Opens a panel page ({@code /jobs}) as the test administrator signed in without the form: the session comes
     * from the API, as the form's would. For tests about what comes after signing in; waits for the main menu.
     */
    PanelPage openSignedIn(String panelPath) {
        String session = TestAdmin.login(baseUri, TestAdmin.USERNAME, TestAdmin.PASSWORD);
        int equals = session.indexOf('=');
        context.addCookies(List.of(new Cookie(session.substring(0, equals), session.substring(equals + 1))
                .setUrl(baseUri.toString()).setHttpOnly(true).setSameSite(SameSiteAttribute.STRICT)));
        visit(ROOT + panelPath);
        assertThat(mainMenu()).isVisible();
        return this;
    }

    /** Signs in through the form shown and waits until the panel's main menu is there. */
    PanelPage signIn(String username, String password) {
        submitSignIn(username, password);
        assertThat(mainMenu()).isVisible();
        return this;
    }

    /** Fills in and sends the sign-in form, without waiting for the outcome. */
    PanelPage submitSignIn(String username, String password) {
        Locator form = signInForm();
        form.getByLabel("Username").fill(username);
        form.getByLabel("Password").fill(password);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
        return this;
    }

    /** Signs out with the header's button and waits for the sign-in form. */
    PanelPage signOut() {
        button("Sign out").click();
        assertThat(signInForm()).isVisible();
        return this;
    }

    /** Opens a section of the main menu ("Overview", "Jobs") and waits for its heading. */
    PanelPage openSection(String title) {
        mainMenu().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(title).setExact(true)).click();
        assertThat(heading(title)).isVisible();
        return this;
    }

    /** Opens the Jobs list and waits until it has loaded (a table, or the note that none match). */
    PanelPage openJobs() {
        openSection("Jobs");
        assertThat(page.getByRole(AriaRole.TABLE).or(page.getByText("No jobs match."))).isVisible();
        return this;
    }

    /** Types into the Jobs list's search box. */
    PanelPage searchJobs(String text) {
        page.getByRole(AriaRole.SEARCHBOX, new GetByRoleOptions().setName("Search")).fill(text);
        return this;
    }

    /** The Jobs list's row of the job named {@code name}. */
    Locator jobRow(String name) {
        return page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHas(jobLink(name)));
    }

    /** Disables or enables {@code name} with its button in the Jobs list and waits for its new status there. */
    PanelPage switchJob(String name, boolean enable) {
        String action = enable ? "Enable" : "Disable";
        jobRow(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action + " " + name)).click();
        assertThat(jobRow(name).getByText(enable ? "enabled" : "disabled", new Locator.GetByTextOptions()
                .setExact(true))).isVisible();
        return this;
    }

    /**
     * Opens the page of job {@code name} from the Jobs list and then its {@code tab} ("Versions", "Triggers", …;
     * {@code null} for the page as it opens), waiting until the tab is the current one.
     */
    PanelPage openJob(String name, String tab) {
        openJobs();
        searchJobs(name);
        jobLink(name).click();
        page.waitForURL(Pattern.compile(Pattern.quote(ROOT + "/jobs/") + "[^/?#]+$"));
        if (tab != null) {
            Locator link = page.getByRole(AriaRole.NAVIGATION, new GetByRoleOptions().setName("Sections"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(tab).setExact(true));
            link.click();
            assertThat(link).hasAttribute("aria-current", "page");
        }
        return this;
    }

    /** The job page's current tab (its section, named after the tab). */
    Locator jobTab(String tab) {
        return page.getByRole(AriaRole.REGION, new GetByRoleOptions().setName(tab).setExact(true));
    }

    /** The job page header's "active version …" (or "no active version"). */
    Locator activeVersion() {
        return page.getByText(Pattern.compile("^(active version|no active version)"));
    }

    /** The open modal dialog titled {@code title}. */
    Locator dialog(String title) {
        return page.getByRole(AriaRole.DIALOG, new GetByRoleOptions().setName(title));
    }

    /**
     * Starts keeping every admin API answer the page gets from now on, to read their bodies later with
     * {@link #apiAnswerBodies()}.
     */
    PanelPage recordApiAnswers() {
        page.onResponse(response -> {
            String path = URI.create(response.url()).getPath();
            if (path.startsWith("/api/") && !path.endsWith("/stream")) {
                // Read at once: a page's answers are let go when it navigates.
                String body;
                try {
                    body = response.text();
                } catch (PlaywrightException e) {
                    body = "(no body: " + e.getMessage().lines().findFirst().orElse("") + ")";
                }
                apiAnswers.add(response.request().method() + " " + path + ": " + body);
            }
        });
        return this;
    }

    /** The bodies of the admin API answers recorded since {@link #recordApiAnswers()}, as "GET /api/…: body". */
    List<String> apiAnswerBodies() {
        takeEvents();
        return List.copyOf(apiAnswers);
    }

    /** The sign-in form. */
    Locator signInForm() {
        return page.getByRole(AriaRole.FORM, new GetByRoleOptions().setName("Sign in"));
    }

    /** The panel's main menu (shown once signed in). */
    Locator mainMenu() {
        return page.getByRole(AriaRole.NAVIGATION, new GetByRoleOptions().setName("Main"));
    }

    /** The page's title heading (h1) {@code name}. */
    Locator heading(String name) {
        return page.getByRole(AriaRole.HEADING, new GetByRoleOptions().setName(name).setLevel(1));
    }

    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new GetByRoleOptions().setName(name).setExact(true));
    }

    /** Messages shown as alerts (failures, with the server's message). */
    Locator alert() {
        return page.getByRole(AriaRole.ALERT);
    }

    /** How far the page is wider than the screen, in CSS pixels (0: no sideways scrolling). */
    int horizontalOverflow() {
        return ((Number) page.evaluate(
                "() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)")).intValue();
    }

    /** Writes a full-page screenshot to {@code <screenshots>/<name>.png} and answers its path. */
    Path screenshot(String name) {
        Path file = screenshots.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Console errors, failed requests and API failures the test did not declare, up to now. */
    List<String> unexpectedProblems() {
        takeEvents();
        return problems.unexpected();
    }

    /** The admin API failures the page saw up to now, declared or not. */
    List<String> apiFailures() {
        takeEvents();
        return problems.apiFailures();
    }

    /**
     * Playwright hands its events to the listeners while the test makes a call; one round trip takes in every event
     * the browser sent before it.
     */
    private void takeEvents() {
        if (!page.isClosed()) {
            page.title();
        }
    }

    private Locator jobLink(String name) {
        return page.getByRole(AriaRole.LINK, new GetByRoleOptions().setName(name).setExact(true));
    }

    @Override
    public void close() {
        context.close();
    }
}
