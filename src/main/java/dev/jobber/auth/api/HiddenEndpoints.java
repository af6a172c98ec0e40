package dev.jobber.auth.api;

import dev.jobber.common.api.ApiResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Quarkus' own Prometheus endpoint would serve the metrics without authentication: they are at /api/metrics. */
@ApplicationScoped
public class HiddenEndpoints {

    void register(@Observes Router router) {
        router.route("/q/metrics*").order(Integer.MIN_VALUE + 100).handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(ApiResponse.failure("Metrics are served at /api/metrics (authenticated)"))));
    }
}
