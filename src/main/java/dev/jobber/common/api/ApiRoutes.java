package dev.jobber.common.api;

import dev.jobber.config.JobberConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routing rules shared by all admin routes: {@code /api/x/} and {@code /api/x} answer alike, {@code %3A} in a path is
 * read as {@code :} (for {@code actions:current}), a body over the request limit gets a 413 and any {@code /api/}
 * path no resource serves a 404, both in the JSON envelope.
 */
@ApplicationScoped
public class ApiRoutes {

    private static final String API = "/api/";

    private final long maxBodySize;

    public ApiRoutes(JobberConfig config) {
        this.maxBodySize = config.archive().maxSize().asLongValue();
    }

    void register(@Observes Router router) {
        // Before Quarkus' own body limit (order -2), which answers without a body.
        router.route().order(Integer.MIN_VALUE + 100).handler(this::normalize);
        router.route("/api/*").order(Integer.MIN_VALUE + 100).failureHandler(ApiRoutes::failure);
        router.route("/api/*").order(Integer.MAX_VALUE - 100).handler(ApiRoutes::notFound);
    }

    private void normalize(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith(API)) {
            ctx.next();
            return;
        }
        String contentLength = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && isOver(contentLength)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            send(ctx, 413, "Request body too large: " + contentLength + " bytes; at most " + maxBodySize
                    + " are accepted (JOBBER_ARCHIVE_MAX_SIZE)");
            return;
        }
        String normal = path.replace("%3A", ":").replace("%3a", ":");
        if (normal.length() > API.length() && normal.endsWith("/")) {
            normal = normal.substring(0, normal.length() - 1);
        }
        if (normal.equals(path)) {
            ctx.next();
        } else {
            String query = ctx.request().query();
            ctx.reroute(normal + (query == null ? "" : "?" + query));
        }
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().ended()) {
            send(ctx, 413, "Request body too large");
        } else {
            ctx.next();
        }
    }

    private static void notFound(RoutingContext ctx) {
        send(ctx, 404, "Not found: " + ctx.request().method() + " " + ctx.request().path());
    }

    /** Answers a Vert.x route with the JSON failure envelope. */
    public static void send(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(ApiResponse.failure(message)));
    }
}
