package dev.jobber.instance.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web panel, a single-page app built into {@code META-INF/resources/jobber}: the admin port's root leads there,
 * its assets are served as files, and every other path below {@code /jobber/} is answered with its
 * {@code index.html} (the page reads the path itself). The page may load nothing from another origin.
 */
@ApplicationScoped
public class PanelRoutes {

    static final String ROOT = "/jobber/";
    private static final String INDEX = ROOT + "index.html";
    private static final String ASSETS = ROOT + "assets/";
    static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Router router) {
        router.getWithRegex("/(jobber)?").order(Integer.MIN_VALUE + 200).handler(PanelRoutes::toPanel);
        router.get("/jobber/*").order(Integer.MIN_VALUE + 200).handler(PanelRoutes::serve);
    }

    private static void toPanel(RoutingContext ctx) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, ROOT).end();
    }

    private static void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith(ASSETS)) {
            ctx.next();
        } else if (path.equals(INDEX)) {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("Content-Security-Policy", POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "same-origin");
            ctx.next();
        } else {
            ctx.reroute(INDEX);
        }
    }
}
