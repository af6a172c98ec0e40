package dev.jobber.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Permissions;
import dev.jobber.auth.Requires;
import dev.jobber.auth.TokenService;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.JsonFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API tokens for CI and scripts ({@code Authorization: Bearer …}). */
@Path("/api/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API tokens")
public class TokenResource {

    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    @Requires(resource = "api-tokens", action = PermissionAction.READ)
    @Operation(summary = "List the API tokens the caller may read (never their secrets)")
    public ApiResponse<List<TokenView>> list(@Context SecurityContext security) {
        return ApiResponse.ok(tokens.list(CallerPrincipal.of(security)).stream()
                .map(t -> TokenView.of(t, null)).toList());
    }

    @GET
    @Path("{tokenId}")
    @Requires(resource = "api-tokens/{tokenId}", action = PermissionAction.READ)
    @Operation(summary = "Get an API token (never its secret)")
    public ApiResponse<TokenView> get(@PathParam("tokenId") String tokenId) {
        return ApiResponse.ok(TokenView.of(tokens.get(Ids.parse("tokenId", tokenId)), null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "api-tokens", action = PermissionAction.WRITE)
    @Operation(summary = "Create a token {permissions, description, ttl (seconds)}; the secret is shown only now")
    public ApiResponse<TokenView> create(@Context SecurityContext security, JsonNode body) {
        JsonFields fields = JsonFields.body(body, Set.of("permissions", "description", "ttl"));
        var permissions = fields.parsed("permissions", true, Permissions::parse);
        var description = fields.text("description", true);
        var ttl = fields.wholeNumber("ttl", true);
        fields.validate();
        TokenService.Created created = tokens.create(CallerPrincipal.of(security), description.orElseThrow(),
                permissions.orElseThrow(), ttl.orElseThrow());
        return ApiResponse.ok("API token created", TokenView.of(created.token(), created.secret()));
    }

    @PUT
    @Path("{tokenId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "api-tokens/{tokenId}", action = PermissionAction.WRITE)
    @Operation(summary = "Change a token's description, permissions or status (enabled|disabled)")
    public ApiResponse<TokenView> update(@Context SecurityContext security, @PathParam("tokenId") String tokenId,
            JsonNode body) {
        var id = Ids.parse("tokenId", tokenId);
        JsonFields fields = JsonFields.body(body, Set.of("description", "permissions", "status", "enabled"));
        var description = fields.text("description", false);
        var permissions = fields.parsed("permissions", false, Permissions::parse);
        Optional<Boolean> enabled = fields.bool("enabled");
        Optional<String> status = fields.text("status", false);
        if (status.isPresent() && !status.get().equals("enabled") && !status.get().equals("disabled")) {
            fields.error("status", "must be \"enabled\" or \"disabled\"");
        }
        fields.validate();
        if (status.isPresent()) {
            enabled = Optional.of(status.get().equals("enabled"));
        }
        var changes = new TokenService.Changes(description, permissions, enabled);
        return ApiResponse.ok("API token updated", TokenView.of(tokens.update(CallerPrincipal.of(security), id,
                changes), null));
    }

    @DELETE
    @Path("{tokenId}")
    @Requires(resource = "api-tokens/{tokenId}", action = PermissionAction.DELETE)
    @Operation(summary = "Delete an API token")
    public ApiResponse<Void> delete(@PathParam("tokenId") String tokenId) {
        tokens.delete(Ids.parse("tokenId", tokenId));
        return ApiResponse.ok("API token deleted", null);
    }
}
