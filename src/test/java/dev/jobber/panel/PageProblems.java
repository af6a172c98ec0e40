package dev.jobber.panel;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong in a browser context while a test used it: console errors, uncaught page errors, admin API answers
 * with a status of 400 or more, and requests that failed on the network. A test declares the API failures it
 * provokes; {@link #unexpected()} lists the rest.
 *
 * <p>Requests the page cancels itself ({@code net::ERR_ABORTED}: a page that unmounts aborts its fetches, leaving a
 * page stops its event streams) are not failures. Chromium's console line for a failed answer ("Failed to load
 * resource: … status of 401") is counted as that answer, expected or not, not a second time as a console error.
 */
final class PageProblems {

    private static final Pattern FAILED_RESOURCE =
            Pattern.compile("Failed to load resource: the server responded with a status of (\\d+)");

    private final List<ApiFailure> apiFailures = new ArrayList<>();
    private final List<ApiFailure> expected = new ArrayList<>();
    private final List<String> expectedConsoleErrors = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<String> failedRequests = new ArrayList<>();

    /** Starts recording everything {@code context} and its pages do. */
    static PageProblems recording(BrowserContext context) {
        PageProblems problems = new PageProblems();
        context.onConsoleMessage(problems::console);
        context.onWebError(error -> problems.consoleErrors.add("uncaught: " + error.error()));
        context.onResponse(problems::response);
        context.onRequestFailed(problems::requestFailed);
        return problems;
    }

    /** Lets the test's page get {@code status} from {@code path} (e.g. {@code /api/auth/login}), any method. */
    void expectApiFailure(int status, String path) {
        expected.add(new ApiFailure(status, "*", path));
    }

    /** Lets the test's page log a console error that holds {@code text}. */
    void expectConsoleError(String text) {
        expectedConsoleErrors.add(text);
    }

    /** Every recorded problem that was not declared, one line each; empty when all went as planned. */
    List<String> unexpected() {
        List<String> problems = new ArrayList<>();
        apiFailures.stream().filter(failure -> expected.stream().noneMatch(failure::matches))
                .forEach(failure -> problems.add("API answered " + failure));
        consoleErrors.stream().filter(error -> !isFailedApiAnswer(error))
                .filter(error -> expectedConsoleErrors.stream().noneMatch(error::contains))
                .forEach(error -> problems.add("console error: " + error));
        failedRequests.forEach(request -> problems.add("request failed: " + request));
        return problems;
    }

    /** The API failures seen, expected or not ({@code "401 POST /api/auth/login"}). */
    List<String> apiFailures() {
        return apiFailures.stream().map(ApiFailure::toString).toList();
    }

    private void console(ConsoleMessage message) {
        if (message.type().equals("error")) {
            consoleErrors.add(message.text() + " (" + message.location() + ")");
        }
    }

    private void response(Response response) {
        String path = URI.create(response.url()).getPath();
        if (path.startsWith("/api/") && response.status() >= 400) {
            apiFailures.add(new ApiFailure(response.status(), response.request().method(), path));
        }
    }

    private void requestFailed(Request request) {
        String failure = request.failure();
        if (!"net::ERR_ABORTED".equals(failure)) {
            failedRequests.add(request.method() + " " + request.url() + ": " + failure);
        }
    }

    private boolean isFailedApiAnswer(String consoleError) {
        Matcher matcher = FAILED_RESOURCE.matcher(consoleError);
        if (!matcher.find()) {
            return false;
        }
        int status = Integer.parseInt(matcher.group(1));
        return apiFailures.stream().anyMatch(failure -> failure.status() == status
                && (consoleError.contains(failure.path() + ":") || consoleError.contains(failure.path() + "?")));
    }

    private record ApiFailure(int status, String method, String path) {

        boolean matches(ApiFailure expectation) {
            return status == expectation.status() && path.equals(expectation.path())
                    && (expectation.method().equals("*") || method.equals(expectation.method()));
        }

        @Override
        public String toString() {
            return status + " " + method + " " + path;
        }
    }
}
