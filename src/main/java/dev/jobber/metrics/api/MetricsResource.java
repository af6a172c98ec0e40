package dev.jobber.metrics.api;

import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Caller;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.CallerPrincipal;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.QueryFields;
import dev.jobber.metrics.RecentErrors;
import dev.jobber.metrics.query.JobActivitySummaries;
import dev.jobber.metrics.query.JobActivitySummaries.JobSummary;
import dev.jobber.metrics.query.MetricsOverview;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Metrics of this instance: for Prometheus to scrape, and the dashboard's overview. */
@Path("/api/metrics")
@Tag(name = "System")
public class MetricsResource {

    static final int DEFAULT_ERRORS = 20;
    static final int MAX_ERRORS = 100;

    private final PrometheusMeterRegistry registry;
    private final MetricsOverview overview;
    private final JobActivitySummaries jobs;
    private final RecentErrors errors;

    public MetricsResource(PrometheusMeterRegistry registry, MetricsOverview overview, JobActivitySummaries jobs,
            RecentErrors errors) {
        this.registry = registry;
        this.overview = overview;
        this.jobs = jobs;
        this.errors = errors;
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

    @GET
    @Path("jobs")
    @Produces(MediaType.APPLICATION_JSON)
    @AnyCaller
    @Operation(summary = "Per job the caller may read: this instance's runners, and its invocations of the last hour")
    public ApiResponse<List<JobSummary>> jobs(@Context SecurityContext security) {
        Caller caller = CallerPrincipal.of(security);
        return ApiResponse.ok(jobs.summaries(id -> caller.allows("job/" + id, PermissionAction.READ)));
    }

    @GET
    @Path("errors")
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(resource = "system/metrics/overview", action = PermissionAction.READ)
    @Operation(summary = "Recent failures on this instance of jobs the caller may read, newest first; ?limit= 1-100")
    public ApiResponse<List<ErrorView>> errors(@Context SecurityContext security, @QueryParam("limit") String limit) {
        QueryFields fields = new QueryFields();
        int size = fields.wholeNumber("limit", limit, 1, MAX_ERRORS).orElse((long) DEFAULT_ERRORS).intValue();
        fields.validate("Invalid query");
        Caller caller = CallerPrincipal.of(security);
        return ApiResponse.ok(errors.newest(size, id -> caller.allows("job/" + id, PermissionAction.READ)).stream()
                .map(ErrorView::of).toList());
    }
}
