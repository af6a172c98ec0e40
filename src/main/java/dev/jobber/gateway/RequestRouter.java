package dev.jobber.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Finds the trigger each request goes to. Exact paths and triggers without a path are looked up on the event loop;
 * regular expressions run on a small worker pool, with the request paused meanwhile, because the event loops also
 * serve the admin API and the manager socket: a pattern that backtracks must not stall them. Their work is bounded
 * by {@link RouteIndex#MATCH_BUDGET}, and paths by {@link #MAX_PATH}.
 */
final class RequestRouter {

    /** Where a routed request goes on, on its event loop. */
    interface Target {
        /** {@code route} null: no trigger matches. {@code paused}: the request waits to be resumed. */
        void dispatch(HttpServerRequest request, RouteIndex.Route route, String host, boolean paused);
    }

    private static final Logger LOG = Logger.getLogger(RequestRouter.class);
    /** Longest request path routed; longer ones answer 414. */
    static final int MAX_PATH = 8 * 1024;
    /** Requests that may wait for pattern matching at once; more answer 503. */
    static final int MAX_MATCHING = 256;
    private static final int MATCHING_THREADS = 2;

    private final Vertx vertx;
    private final JobNotices notices;
    private final Target target;
    private final AtomicInteger matching = new AtomicInteger();
    private final OncePerInterval gaveUpLog = new OncePerInterval(Duration.ofMinutes(1));
    private volatile WorkerExecutor patterns;

    RequestRouter(Vertx vertx, JobNotices notices, Target target) {
        this.vertx = vertx;
        this.notices = notices;
        this.target = target;
    }

    void start() {
        patterns = vertx.createSharedWorkerExecutor("jobber-gateway-patterns", MATCHING_THREADS);
    }

    void stop() {
        if (patterns != null) {
            patterns.close();
        }
    }

    void route(HttpServerRequest request, RouteIndex index) {
        String path = request.path();
        if (path.length() > MAX_PATH) {
            ErrorPage.send(request, 414, "Request path too long; at most " + MAX_PATH + " characters are routed");
            return;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        String method = request.method().name();
        String decoded = decode(path);
        RouteIndex.Route exact = index.exact(host, method, decoded);
        if (exact != null || !index.hasPatternsFor(host, method)) {
            target.dispatch(request, exact != null ? exact : index.wildcard(host, method), host, false);
            return;
        }
        if (matching.incrementAndGet() > MAX_MATCHING) {
            matching.decrementAndGet();
            request.response().putHeader("Retry-After", "1");
            ErrorPage.send(request, 503, "Too many requests are waiting to be routed; try again shortly");
            return;
        }
        request.pause();
        patterns.<RouteIndex.Route>executeBlocking(() -> index.pattern(host, method, decoded, this::gaveUp), false)
                .onComplete(matched -> {
                    matching.decrementAndGet();
                    if (matched.failed()) {
                        LOG.error("Could not match a request path against the triggers' patterns", matched.cause());
                    }
                    RouteIndex.Route route = matched.succeeded() ? matched.result() : null;
                    if (!request.response().closed()) {
                        target.dispatch(request, route != null ? route : index.wildcard(host, method), host, true);
                    }
                });
    }

    private void gaveUp(RouteIndex.Route route) {
        if (gaveUpLog.first(new Pattern(route.jobId(), route.path()))) {
            String message = "Gave up matching a request path against the HTTP trigger path "
                    + route.path() + " after " + RouteIndex.MATCH_BUDGET
                    + " steps: the pattern backtracks too much; such requests are not routed to it";
            LOG.warnf("Job %s: %s (logged at most once a minute per trigger)", route.jobName(), message);
            notices.report(route.jobId(), null, "pattern-budget", message);
        }
    }

    /** The path as routes see it: percent-decoded, a {@code +} kept as it is. */
    static String decode(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** A trigger pattern, for logging about it at most once a minute. */
    private record Pattern(UUID jobId, String source) {
    }
}
