package dev.jobber.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Permissions;
import dev.jobber.auth.Requires;
import dev.jobber.auth.UserService;
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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users who can sign in, with their permissions. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    @GET
    @Requires(resource = "users", action = PermissionAction.READ)
    @Operation(summary = "List the users the caller may read")
    public ApiResponse<List<UserView>> list(@Context SecurityContext security) {
        return ApiResponse.ok(users.list(CallerPrincipal.of(security)).stream().map(UserView::of).toList());
    }

    @GET
    @Path("{id}")
    @Requires(resource = "users/{id}", action = PermissionAction.READ)
    @Operation(summary = "Get a user")
    public ApiResponse<UserView> get(@PathParam("id") String id) {
        return ApiResponse.ok(UserView.of(users.get(Ids.parse("id", id))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "users", action = PermissionAction.WRITE)
    @Operation(summary = "Create a user {username, password, permissions}; only permissions the caller holds")
    public ApiResponse<UserView> create(@Context SecurityContext security, JsonNode body) {
        JsonFields fields = JsonFields.body(body, Set.of("username", "password", "permissions"));
        var username = fields.text("username", true);
        var password = fields.text("password", true);
        var permissions = fields.parsed("permissions", true, Permissions::parse);
        fields.validate();
        return ApiResponse.ok("User created", UserView.of(users.create(CallerPrincipal.of(security),
                username.orElseThrow(), password.orElseThrow(), permissions.orElseThrow())));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "users/{id}", action = PermissionAction.WRITE)
    @Operation(summary = "Change a user's username, password, permissions or enabled flag")
    public ApiResponse<UserView> update(@Context SecurityContext security, @PathParam("id") String id,
            JsonNode body) {
        var userId = Ids.parse("id", id);
        JsonFields fields = JsonFields.body(body, Set.of("username", "password", "permissions", "enabled"));
        var changes = new UserService.Changes(fields.text("username", false), fields.text("password", false),
                fields.parsed("permissions", false, Permissions::parse), fields.bool("enabled"));
        fields.validate();
        return ApiResponse.ok("User updated", UserView.of(users.update(CallerPrincipal.of(security), userId,
                changes)));
    }

    @DELETE
    @Path("{id}")
    @Requires(resource = "users/{id}", action = PermissionAction.DELETE)
    @Operation(summary = "Delete a user with its sessions and API tokens")
    public ApiResponse<Void> delete(@Context SecurityContext security, @PathParam("id") String id) {
        users.delete(CallerPrincipal.of(security), Ids.parse("id", id));
        return ApiResponse.ok("User deleted", null);
    }
}
