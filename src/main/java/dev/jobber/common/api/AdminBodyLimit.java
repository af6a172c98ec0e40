package dev.jobber.common.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request body limits of the admin API: publishing takes an archive up to {@code JOBBER_ARCHIVE_MAX_SIZE}, every other
 * route a body up to {@code ADMIN_MAX_BODY_SIZE}. A body announced larger is refused before it is read; a body of
 * unknown length is counted as it arrives and refused once it passes the limit. Both answer 413 in the envelope.
 */
@ApplicationScoped
public class AdminBodyLimit {

    private static final String PUBLISH = "/api/job/publish";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final Limit archive;
    private final Limit other;
    private final BodyHandler bodies;

    public AdminBodyLimit(BodyLimits limits,
            @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.archive = new Limit(limits.archiveBytes(), "JOBBER_ARCHIVE_MAX_SIZE");
        this.other = new Limit(limits.otherBytes(), "ADMIN_MAX_BODY_SIZE");
        this.bodies = BodyHandler.create(uploads).setBodyLimit(other.bytes()).setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(true).setPreallocateBodyBuffer(false);
    }

    private record Limit(long bytes, String variable) {
        String message(String size) {
            return "Request body too large" + size + "; at most " + bytes + " bytes are accepted (" + variable + ")";
        }
    }

    void register(@Observes Router router) {
        // After ApiRoutes has normalised the path; before Quarkus' own body limit, which answers without a body.
        router.route("/api/*").order(Integer.MIN_VALUE + 101).handler(this::limit);
        router.route("/api/*").order(Integer.MIN_VALUE + 99).failureHandler(this::tooLarge);
    }

    private void limit(RoutingContext ctx) {
        Limit limit = limitOf(ctx);
        String contentLength = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && isOver(contentLength, limit.bytes())) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ApiRoutes.send(ctx, 413, limit.message(": " + contentLength.trim() + " bytes"));
        } else if (limit == archive || !WITH_BODY.contains(ctx.request().method())) {
            // The publish route streams its upload to disk itself; other methods' routes read no body.
            ctx.next();
        } else {
            bodies.handle(ctx);
        }
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().ended()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ApiRoutes.send(ctx, 413, limitOf(ctx).message(""));
        } else {
            ctx.next();
        }
    }

    private Limit limitOf(RoutingContext ctx) {
        String path = ctx.request().path();
        return path.equals(PUBLISH) || path.equals(PUBLISH + "/") ? archive : other;
    }

    private static boolean isOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
