package dev.jobber.gateway;

import dev.jobber.common.syntax.JsRegex;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.TriggerDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * The HTTP triggers of every enabled job's active version, for matching requests: exact paths first, then regular
 * expressions, then triggers without a path; within each, triggers naming a hostname before those that do not.
 * Immutable; rebuilt when versions change.
 */
public final class RouteIndex {

    private static final Logger LOG = Logger.getLogger(RouteIndex.class);
    private static final Comparator<Route> HOSTNAME_FIRST = Comparator.comparing(r -> r.hostname() == null);

    /**
     * One HTTP trigger; null fields match anything. {@code path} is as the manifest gives it, {@code pattern} its
     * compiled form when it is a regular expression.
     */
    public record Route(UUID jobId, String jobName, String triggerName, String hostname, String method,
            String path, Pattern pattern) {

        boolean accepts(String host, String requestMethod) {
            return (hostname == null || hostname.equalsIgnoreCase(host))
                    && (method == null || method.equalsIgnoreCase(requestMethod));
        }
    }

    /** How many characters of a path all patterns tried for one request may read: milliseconds of work. */
    public static final long MATCH_BUDGET = 1_000_000;

    public static final RouteIndex EMPTY = new RouteIndex(Map.of(), List.of(), List.of());

    private final Map<String, List<Route>> exact;
    private final List<Route> patterns;
    private final List<Route> wildcards;

    private RouteIndex(Map<String, List<Route>> exact, List<Route> patterns, List<Route> wildcards) {
        this.exact = exact;
        this.patterns = patterns;
        this.wildcards = wildcards;
    }

    public static RouteIndex of(List<ActiveVersion> versions) {
        Map<String, List<Route>> exact = new HashMap<>();
        List<Route> patterns = new ArrayList<>();
        List<Route> wildcards = new ArrayList<>();
        for (ActiveVersion version : versions) {
            for (ActiveVersion.Trigger trigger : version.triggers()) {
                if (!(trigger.definition() instanceof TriggerDefinition.Http http)) {
                    continue;
                }
                String hostname = http.hostname();
                String method = http.method();
                String path = http.path();
                String name = http.name() == null ? "" : http.name();
                if (path == null) {
                    wildcards.add(new Route(version.jobId(), version.jobName(), name, hostname, method, null, null));
                } else if (path.startsWith("^")) {
                    try {
                        patterns.add(new Route(version.jobId(), version.jobName(), name, hostname, method, path,
                                JsRegex.compile(path)));
                    } catch (PatternSyntaxException e) {
                        LOG.warnf("Ignoring the HTTP trigger of %s with the invalid path %s", version.jobName(), path);
                    }
                } else {
                    exact.computeIfAbsent(path, p -> new ArrayList<>())
                            .add(new Route(version.jobId(), version.jobName(), name, hostname, method, path, null));
                }
            }
        }
        exact.replaceAll((path, routes) -> sorted(routes));
        return new RouteIndex(Map.copyOf(exact), sorted(patterns), sorted(wildcards));
    }

    /**
     * The trigger a request goes to, if any, all on the calling thread; a pattern that runs out of the budget does
     * not match (see {@link #pattern}).
     */
    public Optional<Route> match(String host, String method, String decodedPath) {
        Route route = exact(host, method, decodedPath);
        if (route == null) {
            route = pattern(host, method, decodedPath, gaveUp -> { });
        }
        return Optional.ofNullable(route != null ? route : wildcard(host, method));
    }

    /** The exact-path trigger for a request, or null. */
    public Route exact(String host, String method, String decodedPath) {
        List<Route> exactRoutes = exact.get(decodedPath);
        if (exactRoutes != null) {
            for (Route route : exactRoutes) {
                if (route.accepts(host, method)) {
                    return route;
                }
            }
        }
        return null;
    }

    /** Whether a regex trigger could take a request of this host and method: only then need patterns run. */
    public boolean hasPatternsFor(String host, String method) {
        for (Route route : patterns) {
            if (route.accepts(host, method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first regex trigger whose pattern finds a match in the path, or null. All patterns together may read the
     * path's characters at most {@link #MATCH_BUDGET} times: the trigger whose pattern runs out of that budget (or
     * out of stack) goes to {@code gaveUp}, and the search ends without a match.
     */
    public Route pattern(String host, String method, String decodedPath, Consumer<Route> gaveUp) {
        BudgetedPath path = new BudgetedPath(decodedPath, MATCH_BUDGET);
        for (Route route : patterns) {
            if (!route.accepts(host, method)) {
                continue;
            }
            try {
                if (route.pattern().matcher(path).find()) {
                    return route;
                }
            } catch (BudgetedPath.Exhausted | StackOverflowError e) {
                gaveUp.accept(route);
                return null;
            }
        }
        return null;
    }

    /** The trigger without a path for a request, or null. */
    public Route wildcard(String host, String method) {
        for (Route route : wildcards) {
            if (route.accepts(host, method)) {
                return route;
            }
        }
        return null;
    }

    private static List<Route> sorted(List<Route> routes) {
        List<Route> copy = new ArrayList<>(routes);
        copy.sort(HOSTNAME_FIRST);
        return List.copyOf(copy);
    }
}
