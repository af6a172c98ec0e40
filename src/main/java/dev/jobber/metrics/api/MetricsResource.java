package dev.jobber.metrics.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.metrics.query.MetricsOverview;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Metrics of this instance: for Prometheus to scrape, and the dashboard's overview. */
@Path("/api/metrics")
@Tag(name = "System")
public class MetricsResource {

    private final PrometheusMeterRegistry registry;
    private final MetricsOverview overview;

    public MetricsResource(PrometheusMeterRegistry registry, MetricsOverview overview) {
        this.registry = registry;
        this.overview = overview;
    }

    @GET
    @Produces(TextFormat.CONTENT_TYPE_004)
    @Requires(resource = "system/metrics/prometheus", action = PermissionAction.READ)
    @Operation(summary = "Prometheus text exposition: Jobber's metrics per job and version, JVM and process")
    public Response prometheus() {
        return Response.ok(registry.scrape(TextFormat.CONTENT_TYPE_004), TextFormat.CONTENT_TYPE_004).build();
    }

    @GET
    @Path("overview")
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(resource = "system/metrics/overview", action = PermissionAction.READ)
    @Operation(summary = "Runners by state and load, jobs by status, uptime in seconds")
    public ApiResponse<MetricsOverview.Overview> overview() {
        return ApiResponse.ok(overview.overview());
    }
}
