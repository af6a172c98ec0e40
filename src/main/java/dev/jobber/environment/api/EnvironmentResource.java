package dev.jobber.environment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Caller;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.CallerPrincipal;
import dev.jobber.common.Ids;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.environment.EnvironmentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/** A job's environment variables; secret values are write-only. */
@Path("/api/job/{jobId}/environment")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Environment")
public class EnvironmentResource {

    private final EnvironmentService environment;

    public EnvironmentResource(EnvironmentService environment) {
        this.environment = environment;
    }

    @GET
    @AnyCaller
    @Operation(summary = "List the job's environment variables the caller may read (secret values never)")
    public ApiResponse<Map<String, Variable>> list(@Context SecurityContext security,
            @PathParam("jobId") String jobId) {
        Caller caller = CallerPrincipal.of(security);
        UUID id = Ids.parse("jobId", jobId);
        Map<String, Variable> variables = new LinkedHashMap<>();
        environment.list(id).forEach((name, entry) -> {
            if (caller.allows("job/" + id + "/environment/" + name, PermissionAction.READ)) {
                variables.put(name, new Variable(entry.type(), entry.value()));
            }
        });
        return ApiResponse.ok(variables);
    }

    @POST
    @Path("{name}")
    @Consumes({MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED})
    @Requires(resource = "job/{jobId}/environment/{name|upper}", action = PermissionAction.WRITE)
    @Operation(summary = "Create or replace a variable (form fields type=text|secret and value); replaces the runners")
    public ApiResponse<Void> set(@PathParam("jobId") String jobId, @PathParam("name") String name,
            @RestForm String type, @RestForm String value) {
        environment.set(Ids.parse("jobId", jobId), name, type, value);
        return ApiResponse.ok("Environment variable saved", null);
    }

    /** Any other body (JSON included) is refused, as in the original. */
    @POST
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @Requires(resource = "job/{jobId}/environment/{name|upper}", action = PermissionAction.WRITE)
    @Operation(hidden = true)
    public ApiResponse<Void> refuse(@PathParam("jobId") String jobId, @PathParam("name") String name) {
        throw ValidationException.of("body", "must be multipart/form-data or application/x-www-form-urlencoded "
                + "with the fields type and value");
    }

    @DELETE
    @Path("{name}")
    @Requires(resource = "job/{jobId}/environment/{name|upper}", action = PermissionAction.DELETE)
    @Operation(summary = "Delete a variable; replaces the runners")
    public ApiResponse<Void> delete(@PathParam("jobId") String jobId, @PathParam("name") String name) {
        environment.delete(Ids.parse("jobId", jobId), name);
        return ApiResponse.ok("Environment variable deleted", null);
    }

    /** {@code {type: "text", value}} or {@code {type: "secret"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Variable(String type, String value) {
    }
}
