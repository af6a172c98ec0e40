package dev.jobber.auth.api;

import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Authenticator;
import dev.jobber.auth.Caller;
import dev.jobber.auth.Public;
import dev.jobber.auth.Requires;
import dev.jobber.auth.SessionCookie;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every admin request (session cookie, then bearer token) and checks the permission its route declares
 * with {@link Requires}, before the request body is read. State-changing requests authenticated by cookie must come
 * from the same origin.
 */
public class AccessFilter {

    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9]+)(\\|upper)?}");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Authenticator authenticator;

    public AccessFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Uni.createFrom().nullItem();
        }
        if (method.isAnnotationPresent(Public.class)) {
            return Uni.createFrom().item(SameOrigin.check(request, false).orElse(null));
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires == null && !method.isAnnotationPresent(AnyCaller.class)) {
            LOG.errorf("Refused %s: the route declares no access rule", method);
            return Uni.createFrom().item(answer(403, "Not permitted: this route declares no access rule"));
        }
        String cookie = SessionCookie.name(request.getSecurityContext().isSecure());
        Optional<String> session = Optional.ofNullable(request.getCookies().get(cookie))
                .map(Cookie::getValue).filter(v -> !v.isEmpty());
        Optional<String> bearer = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (session.isEmpty() && bearer.isEmpty()) {
            return Uni.createFrom().item(answer(401, "Authentication required: sign in with POST /api/auth/login "
                    + "or send an API token as 'Authorization: Bearer <token>'"));
        }
        return Uni.createFrom().item(() -> authenticator.authenticate(session, bearer))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(caller -> decide(request, requires, caller));
    }

    private Response decide(ContainerRequestContext request, Requires requires, Optional<Caller> found) {
        if (found.isEmpty()) {
            return answer(401, "Invalid or expired credentials");
        }
        Caller caller = found.get();
        request.setProperty(CallerPrincipal.PROPERTY, caller);
        if (!caller.isToken() && !SAFE_METHODS.contains(request.getMethod())) {
            Optional<Response> refused = SameOrigin.check(request, true);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (requires != null) {
            String name = resource(requires.resource(), request.getUriInfo().getPathParameters());
            boolean allowed = requires.anyMatching() ? caller.allowsSome(name, requires.action())
                    : caller.allows(name, requires.action());
            if (!allowed) {
                return answer(403, "Not permitted: " + requires.action().json() + " on " + name);
            }
        }
        SecurityContext original = request.getSecurityContext();
        request.setSecurityContext(new CallerContext(new CallerPrincipal(caller), original.isSecure()));
        return null;
    }

    /** The resource a route checks: its template with the path parameters filled in, ids in canonical form. */
    public static String resource(String template, MultivaluedMap<String, String> parameters) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = Optional.ofNullable(parameters.getFirst(m.group(1))).orElse("");
            value = m.group(2) != null ? value.toUpperCase(Locale.ROOT) : Ids.canonical(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    static Response answer(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ApiResponse.failure(message))
                .build();
    }

    private record CallerContext(CallerPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public CallerPrincipal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return principal.caller().isToken() ? "Bearer" : "Session";
        }
    }
}
