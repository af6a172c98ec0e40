package dev.jobber.common.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routing rules shared by all admin routes: {@code /api/x/} and {@code /api/x} answer alike, {@code %3A} in a path is
 * read as {@code :} (for {@code actions:current}), and any {@code /api/} path no resource serves gets a 404 in the JSON
 * envelope. Body limits are {@link AdminBodyLimit}'s.
 */
@ApplicationScoped
public class ApiRoutes {

    private static final String API = "/api/";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(this::normalize);
        router.route("/api/*").order(Integer.MAX_VALUE - 100).handler(ApiRoutes::notFound);
    }

    private void normalize(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith(API)) {
            ctx.next();
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

    private static void notFound(RoutingContext ctx) {
        send(ctx, 404, "Not found: " + ctx.request().method() + " " + ctx.request().path());
    }

    /** Answers a Vert.x route with the JSON failure envelope. */
    public static void send(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(ApiResponse.failure(message)));
    }
}
