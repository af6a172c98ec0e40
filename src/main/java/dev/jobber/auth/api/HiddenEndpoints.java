package dev.jobber.auth.api;

import dev.jobber.common.api.ApiRoutes;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Quarkus' own Prometheus endpoint would serve the metrics without authentication: they are at /api/metrics. */
@ApplicationScoped
public class HiddenEndpoints {

    void register(@Observes Router router) {
        router.route("/q/metrics*").order(Integer.MIN_VALUE + 100)
                .handler(ctx -> ApiRoutes.send(ctx, 404, "Metrics are served at /api/metrics (authenticated)"));
    }
}
