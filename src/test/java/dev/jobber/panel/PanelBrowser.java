package dev.jobber.panel;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One headless Chromium for a test class, driven by Playwright; every {@link #open} is a fresh browser context (no
 * cookies, no storage) with one page. Chromium is the system's ({@code -Dpanel.chromium}, default
 * {@code /usr/bin/chromium}): Playwright's own browser download is skipped, it is not reachable from CI machines.
 */
record PanelBrowser(Playwright playwright, Browser browser) implements AutoCloseable {

    /** How long an action or an assertion waits for its element on a busy 2-core machine. */
    static final double TIMEOUT_MS = 15_000;

    /** Starts Chromium headless. */
    static PanelBrowser launch() {
        PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("panel.chromium", "/usr/bin/chromium")))
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
            return new PanelBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * A new page on {@code viewport} whose relative navigations go to {@code baseUri} (the admin port); its
     * screenshots go to {@code screenshots}.
     */
    PanelPage open(URI baseUri, Viewport viewport, Path screenshots) {
        BrowserContext context = browser.newContext(viewport.contextOptions().setBaseURL(baseUri.toString()));
        context.setDefaultTimeout(TIMEOUT_MS);
        context.setDefaultNavigationTimeout(2 * TIMEOUT_MS);
        return new PanelPage(context, baseUri, PageProblems.recording(context), screenshots);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
