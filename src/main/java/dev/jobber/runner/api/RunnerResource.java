package dev.jobber.runner.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.job.JobService;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.RunnerView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's runners. */
@Path("/api/job/{jobId}/runners")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runners")
public class RunnerResource {

    private final JobService jobs;
    private final RunnerManager runners;

    public RunnerResource(JobService jobs, RunnerManager runners) {
        this.jobs = jobs;
        this.runners = runners;
    }

    @GET
    @Requires(resource = "job/{jobId}/runners", action = PermissionAction.READ)
    @Operation(summary = "List a job's runners")
    public ApiResponse<List<RunnerView>> list(@PathParam("jobId") String jobId) {
        UUID id = Ids.parse("jobId", jobId);
        jobs.get(id);
        return ApiResponse.ok(runners.runners(id));
    }

    @DELETE
    @Path("{runnerId}")
    @Requires(resource = "job/{jobId}/runners", action = PermissionAction.WRITE)
    @Operation(summary = "Shut a runner down; forceful=true removes its container at once")
    public ApiResponse<Void> delete(@PathParam("jobId") String jobId, @PathParam("runnerId") String runnerId,
            @QueryParam("forceful") String forceful) {
        UUID id = Ids.parse("jobId", jobId);
        jobs.get(id);
        runners.stopRunner(id, Ids.parse("runnerId", runnerId), "true".equalsIgnoreCase(forceful));
        return ApiResponse.ok("Runner shutting down", null);
    }
}
