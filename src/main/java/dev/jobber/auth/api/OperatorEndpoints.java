package dev.jobber.auth.api;

import dev.jobber.auth.Authenticator;
import dev.jobber.auth.Caller;
import dev.jobber.auth.SessionCookie;
import dev.jobber.common.api.ApiRoutes;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Health details, the OpenAPI document and Swagger UI need a signed-in caller (session cookie or bearer token), except
 * in the dev profile. Probes stay open: anonymous {@code /q/health/live}, {@code /ready} and {@code /started} answer
 * the status alone ({@code {"status":"UP"}}, 200 or 503), without the checks and their data.
 */
@ApplicationScoped
public class OperatorEndpoints {

    private final Authenticator authenticator;
    private final Map<String, Function<SmallRyeHealthReporter, SmallRyeHealth>> probes = Map.of(
            "/q/health/live", SmallRyeHealthReporter::getLiveness,
            "/q/health/ready", SmallRyeHealthReporter::getReadiness,
            "/q/health/started", SmallRyeHealthReporter::getStartup);
    private final SmallRyeHealthReporter health;

    public OperatorEndpoints(Authenticator authenticator, SmallRyeHealthReporter health) {
        this.authenticator = authenticator;
        this.health = health;
    }

    void register(@Observes Router router) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            return;
        }
        for (String path : new String[] {"/q/health*", "/q/openapi*", "/q/swagger-ui*"}) {
            router.route(path).order(Integer.MIN_VALUE + 100).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        Optional<String> session = Optional.ofNullable(ctx.request().getCookie(SessionCookie.name(ctx.request().isSSL())))
                .map(Cookie::getValue).filter(v -> !v.isEmpty());
        Optional<String> bearer = AccessFilter.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        String path = ctx.normalizedPath().replaceAll("/+$", "");
        Function<SmallRyeHealthReporter, SmallRyeHealth> probe = probes.get(path);
        ctx.vertx().executeBlocking(() -> {
            Optional<Caller> caller = session.isEmpty() && bearer.isEmpty() ? Optional.empty()
                    : authenticator.authenticate(session, bearer);
            if (caller.isPresent()) {
                return Answer.PASS;
            }
            return probe == null ? Answer.REFUSE : probe.apply(health).isDown() ? Answer.DOWN : Answer.UP;
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            switch (result.result()) {
                case PASS -> ctx.next();
                case REFUSE -> ApiRoutes.send(ctx, 401, "Authentication required: sign in with POST /api/auth/login "
                        + "or send an API token as 'Authorization: Bearer <token>'");
                case UP, DOWN -> ctx.response().setStatusCode(result.result() == Answer.UP ? 200 : 503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(new JsonObject().put("status", result.result().name()).encode());
            }
        });
    }

    /** What a request gets: through to the endpoint, refused, or a probe's status alone. */
    private enum Answer { PASS, REFUSE, UP, DOWN }
}
