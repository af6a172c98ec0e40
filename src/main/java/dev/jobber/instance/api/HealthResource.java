package dev.jobber.instance.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.instance.InstanceHealth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** This instance's health as the panel shows it. */
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class HealthResource {

    private final InstanceHealth health;

    public HealthResource(InstanceHealth health) {
        this.health = health;
    }

    @GET
    @Requires(resource = "system/metrics/overview", action = PermissionAction.READ)
    @Operation(summary = "up or degraded, with each readiness check: database, containerEngine, …")
    public ApiResponse<InstanceHealth.Health> health() {
        return ApiResponse.ok(health.check());
    }
}
