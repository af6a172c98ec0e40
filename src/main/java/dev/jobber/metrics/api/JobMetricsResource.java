package dev.jobber.metrics.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.metrics.MetricsHistory.Series;
import dev.jobber.metrics.query.JobMetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's metrics over time, for the panel's charts. */
@Path("/api/job/{jobId}/metrics/{metric}/{version}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Metrics")
public class JobMetricsResource {

    private final JobMetricsService metrics;

    public JobMetricsResource(JobMetricsService metrics) {
        this.metrics = metrics;
    }

    @GET
    @Requires(resource = "job/{jobId}/metrics", action = PermissionAction.READ)
    @Operation(summary = "A metric of a job version (or latest) over ?duration= seconds (1-10000, default 900)")
    public ApiResponse<List<Series>> get(@PathParam("jobId") String jobId, @PathParam("metric") String metric,
            @PathParam("version") String version, @QueryParam("duration") String duration) {
        return ApiResponse.ok(metrics.query(jobId, metric, version, duration));
    }
}
