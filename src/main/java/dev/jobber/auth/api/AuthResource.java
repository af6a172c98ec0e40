package dev.jobber.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Authenticator;
import dev.jobber.auth.Caller;
import dev.jobber.auth.Permissions;
import dev.jobber.auth.Public;
import dev.jobber.auth.SessionCookie;
import dev.jobber.auth.UserService;
import dev.jobber.common.ForbiddenException;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.JsonFields;
import dev.jobber.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signing in and out, registration, and who the caller is. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    private final Authenticator authenticator;
    private final UserService users;
    private final AuthConfig config;
    private final ClientAddress clientAddress;

    public AuthResource(Authenticator authenticator, UserService users, AuthConfig config,
            ClientAddress clientAddress) {
        this.authenticator = authenticator;
        this.users = users;
        this.config = config;
        this.clientAddress = clientAddress;
    }

    @GET
    @AnyCaller
    @Operation(summary = "Who the caller is: permissions, user, and when the session or token expires")
    public ApiResponse<Me> me(@Context SecurityContext security) {
        Caller caller = CallerPrincipal.of(security);
        Expiry expiry = new Expiry(caller.expires().toString());
        return ApiResponse.ok(new Me(caller.permissions().toJson(), new UserRef(caller.userId(), caller.username()),
                caller.isToken() ? null : expiry, caller.isToken() ? expiry : null));
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Public
    @Operation(summary = "Sign in with {username, password}; sets the session cookie (24 h): jobber-session, or __Host-jobber-session over TLS")
    public Uni<Response> login(@Context SecurityContext security, @Context HttpServerRequest http, JsonNode body) {
        JsonFields fields = JsonFields.body(body, Set.of("username", "password"));
        var username = fields.text("username", true);
        var password = fields.text("password", true);
        fields.validate();
        return authenticator.login(username.orElseThrow(), password.orElseThrow(), clientAddress.of(http))
                .map(session -> signedIn(security, session, "Login successful"));
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Public
    @Operation(summary = "Create an account without permissions and sign in (AUTH_PUBLIC_REGISTRATION_ENABLED)")
    public Response register(@Context SecurityContext security, JsonNode body) {
        if (!config.publicRegistrationEnabled()) {
            throw new ForbiddenException("Public registration is disabled (AUTH_PUBLIC_REGISTRATION_ENABLED)");
        }
        JsonFields fields = JsonFields.body(body, Set.of("username", "password"));
        var username = fields.text("username", true);
        var password = fields.text("password", true);
        fields.validate();
        var user = users.create(username.orElseThrow(), password.orElseThrow(), Permissions.NONE);
        return signedIn(security, authenticator.startSession(user), "Registration successful");
    }

    @POST
    @Path("logout")
    @Public
    @Operation(summary = "End the session of the session cookie and clear the cookie")
    public Response logout(@Context SecurityContext security, @Context HttpHeaders headers) {
        Cookie session = headers.getCookies().get(SessionCookie.name(security.isSecure()));
        if (session != null && !session.getValue().isEmpty()) {
            authenticator.logout(session.getValue());
        }
        return Response.ok(ApiResponse.ok("Logged out", null))
                .cookie(cookie("", Instant.EPOCH, 0, security.isSecure())).build();
    }

    private static Response signedIn(SecurityContext security, Authenticator.NewSession session, String message) {
        int maxAge = (int) Authenticator.SESSION_LIFETIME.toSeconds();
        return Response.ok(ApiResponse.ok(message, new SignedIn(new Expiry(session.expires().toString()),
                        new UserRef(session.user().id(), session.user().username()))))
                .cookie(cookie(session.secret(), session.expires(), maxAge, security.isSecure())).build();
    }

    private static NewCookie cookie(String value, Instant expires, int maxAge, boolean secure) {
        return new NewCookie.Builder(SessionCookie.name(secure)).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secure).maxAge(maxAge).expiry(Date.from(expires))
                .build();
    }

    /** {@code GET /api/auth}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(JsonNode permissions, UserRef user, Expiry session, Expiry token) {
    }

    public record UserRef(UUID id, String username) {
    }

    public record Expiry(String expires) {
    }

    public record SignedIn(Expiry session, UserRef user) {
    }
}
