package dev.jobber.audit.api;

import dev.jobber.audit.Actor;
import dev.jobber.audit.AuditEntry;
import dev.jobber.audit.AuditLog;
import dev.jobber.audit.AuditRequest;
import dev.jobber.auth.Caller;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.AccessFilter;
import dev.jobber.auth.api.CallerPrincipal;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records one audit entry for every admin request that may change something (any method but GET, HEAD, OPTIONS) and
 * for every request refused with 401 or 403, once its answer is known: who, the route and resource, the outcome, what
 * the services noted, the request id (also sent as {@value #REQUEST_ID}) and the client address.
 */
public class AuditFilter {

    static final String REQUEST_ID = "X-Jobber-Request-Id";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AuditLog log;
    private final AuditRequest notes;

    public AuditFilter(AuditLog log, AuditRequest notes) {
        this.log = log;
        this.notes = notes;
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
            HttpServerRequest http) {
        Method handler = resource.getResourceMethod();
        int status = response.getStatus();
        if (handler == null || SAFE_METHODS.contains(request.getMethod()) && status != 401 && status != 403) {
            return Uni.createFrom().voidItem();
        }
        UUID requestId = UUID.randomUUID();
        response.getHeaders().putSingle(REQUEST_ID, requestId.toString());
        boolean noted = Arc.container().requestContext().isActive();
        Requires requires = handler.getAnnotation(Requires.class);
        String name = noted && notes.resource() != null ? notes.resource()
                : requires == null ? null
                : AccessFilter.resource(requires.resource(), request.getUriInfo().getPathParameters());
        AuditEntry entry = new AuditEntry(null, Instant.now(), actor(request, noted), request.getMethod(),
                route(resource), name, requires == null ? handler.getName() : requires.action().json(),
                noted ? notes.change() : null, status, noted ? notes.details() : null, requestId,
                http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(), 0);
        if (BlockingOperationControl.isBlockingAllowed()) {
            log.record(entry);
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            log.record(entry);
            return entry;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    private Actor actor(ContainerRequestContext request, boolean noted) {
        if (noted && notes.actor() != null) {
            return notes.actor();
        }
        Caller caller = request.getSecurityContext().getUserPrincipal() instanceof CallerPrincipal principal
                ? principal.caller()
                : request.getProperty(CallerPrincipal.PROPERTY) instanceof Caller refused ? refused : null;
        if (caller == null) {
            return Actor.ANONYMOUS;
        }
        return caller.tokenId().map(token -> Actor.token(token, caller.userId(), caller.username()))
                .orElseGet(() -> Actor.user(caller.userId(), caller.username()));
    }

    /** The route template, e.g. {@code /api/job/{jobId}/actions{selector}}. */
    static String route(ResourceInfo resource) {
        Path base = resource.getResourceClass().getAnnotation(Path.class);
        Path sub = resource.getResourceMethod().getAnnotation(Path.class);
        String path = "/" + (base == null ? "" : base.value()) + "/" + (sub == null ? "" : sub.value());
        path = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/{2,}", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
