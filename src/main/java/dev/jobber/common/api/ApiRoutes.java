package dev.jobber.common.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routing rules shared by all admin routes: {@code /api/x/} and {@code /api/x} answer alike, and any {@code /api/}
 * path no resource serves gets a 404 in the JSON envelope.
 */
@ApplicationScoped
public class ApiRoutes {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(ApiRoutes::dropTrailingSlash);
        router.route("/api/*").order(Integer.MAX_VALUE - 100).handler(ApiRoutes::notFound);
    }

    private static void dropTrailingSlash(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.length() > "/api/".length() && path.startsWith("/api/") && path.endsWith("/")) {
            String query = ctx.request().query();
            ctx.reroute(path.substring(0, path.length() - 1) + (query == null ? "" : "?" + query));
        } else {
            ctx.next();
        }
    }

    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                .end(Json.encode(ApiResponse.failure("Not found: " + ctx.request().method() + " " + ctx.request().path())));
    }
}
