package dev.jobber.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.RunnerMode;
import dev.jobber.job.manifest.TriggerDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RouteIndexTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<ActiveVersion> versions = new ArrayList<>();

    /** A job with one HTTP trigger; null fields are left out of the trigger. */
    private RouteIndexTest job(String name, String hostname, String method, String path) {
        ObjectNode context = MAPPER.createObjectNode().put("type", "http");
        if (hostname != null) {
            context.put("hostname", hostname);
        }
        if (method != null) {
            context.put("method", method);
        }
        if (path != null) {
            context.put("path", path);
        }
        ActiveVersion.Action action = new ActiveVersion.Action(UUID.randomUUID(), new ActionSettings(true, 1, 1, 60, 0,
                900, 960, RunnerMode.STANDARD, DockerArguments.NONE));
        versions.add(new ActiveVersion(UUID.randomUUID(), name, UUID.randomUUID(), "1.0.0", "./index.js", null, 24,
                "0".repeat(64), action, List.of(new ActiveVersion.Trigger(UUID.randomUUID(),
                        TriggerDefinition.stored("http", null, context))), 0));
        return this;
    }

    private Optional<String> route(String host, String method, String path) {
        return RouteIndex.of(versions).match(host, method, path).map(RouteIndex.Route::jobName);
    }

    @Test
    void prefersExactPathsOverRegularExpressionsOverWildcards() {
        job("wildcard", null, null, null).job("regex", null, null, "^/api/").job("exact", null, null, "/api/users");

        assertThat(route("h", "GET", "/api/users")).contains("exact");
        assertThat(route("h", "GET", "/api/orders")).contains("regex");
        assertThat(route("h", "GET", "/other")).contains("wildcard");
    }

    @Test
    void prefersTriggersNamingTheHostnameWhateverTheirOrder() {
        job("any-host", null, null, "/x").job("this-host", "example.com:3001", null, "/x");

        assertThat(route("example.com:3001", "GET", "/x")).contains("this-host");
        assertThat(route("EXAMPLE.com:3001", "GET", "/x")).contains("this-host");
        assertThat(route("example.com", "GET", "/x")).contains("any-host");
    }

    @Test
    void comparesMethodsCaseInsensitively() {
        job("posts", null, "post", "/submit");

        assertThat(route("h", "POST", "/submit")).contains("posts");
        assertThat(route("h", "GET", "/submit")).isEmpty();
    }

    @Test
    void regularExpressionsFindAnywhereInThePath() {
        job("numbers", null, null, "^/v[0-9]+/").job("suffix", null, null, "\\.json$");

        assertThat(route("h", "GET", "/v2/items")).contains("numbers");
        assertThat(route("h", "GET", "/files/a.json")).isEmpty();
    }

    @Test
    void treatsAColonInALiteralPathAsACharacter() {
        job("colon", null, null, "/users/:id");

        assertThat(route("h", "GET", "/users/:id")).contains("colon");
        assertThat(route("h", "GET", "/users/42")).isEmpty();
    }

    @Test
    void aCatastrophicPatternGivesUpWithinItsBudgetAndLaterRoutesStillMatch() {
        job("catastrophic", null, null, "^/(.*a){12}$").job("wildcard", null, null, null);

        Optional<String> matched = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> route("h", "GET", "/" + "a".repeat(40) + "!"));
        assertThat(matched).contains("wildcard");
    }

    @Test
    void answersNothingWithoutRoutes() {
        assertThat(route("h", "GET", "/")).isEmpty();
    }
}
