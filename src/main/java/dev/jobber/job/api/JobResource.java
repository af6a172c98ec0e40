package dev.jobber.job.api;

import static dev.jobber.auth.PermissionAction.DELETE;
import static dev.jobber.auth.PermissionAction.READ;
import static dev.jobber.auth.PermissionAction.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Caller;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.CallerPrincipal;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.JsonFields;
import dev.jobber.job.JobService;
import dev.jobber.job.JobUpdate;
import dev.jobber.job.TriggerStatus;
import dev.jobber.job.TriggerStatuses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Jobs and their versions, actions and triggers. */
@Path("/api/job")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {

    private final JobService jobs;
    private final TriggerStatuses statuses;

    public JobResource(JobService jobs, TriggerStatuses statuses) {
        this.jobs = jobs;
        this.statuses = statuses;
    }

    @GET
    @AnyCaller
    @Operation(summary = "List the jobs the caller may read")
    public ApiResponse<List<JobView>> list(@Context SecurityContext security) {
        Caller caller = CallerPrincipal.of(security);
        return ApiResponse.ok(jobs.list().stream().filter(j -> caller.allows("job/" + j.job().id, READ))
                .map(JobView::of).toList());
    }

    @GET
    @Path("{jobId}")
    @Requires(resource = "job/{jobId}", action = READ)
    @Operation(summary = "Get a job")
    public ApiResponse<JobView> get(@PathParam("jobId") String jobId) {
        return ApiResponse.ok(JobView.of(jobs.get(Ids.parse("jobId", jobId))));
    }

    @PUT
    @Path("{jobId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "job/{jobId}", action = WRITE)
    @Operation(summary = "Change status or description, or activate a version (rollback / roll-forward)")
    public ApiResponse<JobView> update(@PathParam("jobId") String jobId, JsonNode body) {
        UUID id = Ids.parse("jobId", jobId);
        return ApiResponse.ok("Job updated", JobView.of(jobs.update(id, toUpdate(body))));
    }

    @DELETE
    @Path("{jobId}")
    @Requires(resource = "job/{jobId}", action = DELETE)
    @Operation(summary = "Delete a job with its versions and archives")
    public ApiResponse<Void> delete(@PathParam("jobId") String jobId) {
        jobs.delete(Ids.parse("jobId", jobId));
        return ApiResponse.ok("Job deleted", null);
    }

    @GET
    @Path("{jobId}/versions")
    @AnyCaller
    @Operation(summary = "List a job's versions the caller may read")
    public ApiResponse<List<VersionView>> versions(@Context SecurityContext security,
            @PathParam("jobId") String jobId) {
        Caller caller = CallerPrincipal.of(security);
        return ApiResponse.ok(jobs.versions(Ids.parse("jobId", jobId)).stream()
                .filter(v -> caller.allows("job/" + v.jobId + "/versions/" + v.id, READ))
                .map(VersionView::of).toList());
    }

    @GET
    @Path("{jobId}/versions/{versionId}")
    @Requires(resource = "job/{jobId}/versions/{versionId}", action = READ)
    @Operation(summary = "Get a version with its manifest (the package.json as published)")
    public ApiResponse<VersionDetailView> version(@PathParam("jobId") String jobId,
            @PathParam("versionId") String versionId) {
        return ApiResponse.ok(VersionDetailView.of(jobs.version(Ids.parse("jobId", jobId),
                Ids.parse("versionId", versionId))));
    }

    @GET
    @Path("{jobId}/actions{selector: (:[^/]+)?}")
    @AnyCaller
    @Operation(summary = "List a job's actions; actions:current (or any :suffix) gives the active version's")
    public ApiResponse<List<ActionView>> actions(@Context SecurityContext security, @PathParam("jobId") String jobId,
            @PathParam("selector") String selector) {
        Caller caller = CallerPrincipal.of(security);
        UUID id = Ids.parse("jobId", jobId);
        Map<UUID, String> labels = jobs.versionLabels(id);
        return ApiResponse.ok(jobs.actions(id, isCurrent(selector)).stream()
                .filter(a -> caller.allows("job/" + id + "/actions/" + a.id, READ))
                .map(a -> ActionView.of(a, labels)).toList());
    }

    @GET
    @Path("{jobId}/triggers{selector: (:[^/]+)?}")
    @AnyCaller
    @Operation(summary = "List a job's triggers; triggers:current (or any :suffix) gives the active version's")
    public ApiResponse<List<TriggerView>> triggers(@Context SecurityContext security,
            @PathParam("jobId") String jobId, @PathParam("selector") String selector) {
        Caller caller = CallerPrincipal.of(security);
        UUID id = Ids.parse("jobId", jobId);
        Map<UUID, String> labels = jobs.versionLabels(id);
        return ApiResponse.ok(jobs.triggers(id, isCurrent(selector)).stream()
                .filter(t -> caller.allows("job/" + id + "/triggers/" + t.id, READ))
                .map(t -> TriggerView.of(t, labels, statuses.of(t.id))).toList());
    }

    @GET
    @Path("{jobId}/triggers/{triggerId}/status")
    @Requires(resource = "job/{jobId}/triggers/{triggerId}", action = READ)
    @Operation(summary = "Health of one trigger: healthy, unhealthy or unknown, with a message")
    public ApiResponse<TriggerView.Status> triggerStatus(@PathParam("jobId") String jobId,
            @PathParam("triggerId") String triggerId) {
        UUID id = Ids.parse("triggerId", triggerId);
        jobs.trigger(Ids.parse("jobId", jobId), id);
        TriggerStatus status = statuses.of(id);
        return ApiResponse.ok(new TriggerView.Status(status.status(), status.message()));
    }

    private static boolean isCurrent(String selector) {
        return selector != null && !selector.isEmpty();
    }

    /** Every field optional; {@code "jobVersionId": null} deactivates every version. */
    private static JobUpdate toUpdate(JsonNode body) {
        JsonFields fields = JsonFields.body(body, Set.of("status", "description", "jobVersionId"));
        Optional<String> status = fields.text("status", false);
        Optional<String> description = fields.text("description", false);
        Optional<Optional<UUID>> versionId = fields.names("jobVersionId")
                ? Optional.of(fields.uuid("jobVersionId", false)) : Optional.empty();
        fields.validate();
        return new JobUpdate(status, description, versionId);
    }
}
