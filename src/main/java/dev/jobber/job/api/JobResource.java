package dev.jobber.job.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.common.Ids;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.job.JobService;
import dev.jobber.job.JobUpdate;
import dev.jobber.trigger.TriggerStatus;
import dev.jobber.trigger.TriggerStatuses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    @Operation(summary = "List jobs")
    public ApiResponse<List<JobView>> list() {
        return ApiResponse.ok(jobs.list().stream().map(JobView::of).toList());
    }

    @GET
    @Path("{jobId}")
    @Operation(summary = "Get a job")
    public ApiResponse<JobView> get(@PathParam("jobId") String jobId) {
        return ApiResponse.ok(JobView.of(jobs.get(Ids.parse("jobId", jobId))));
    }

    @PUT
    @Path("{jobId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change status or description, or activate a version (rollback / roll-forward)")
    public ApiResponse<JobView> update(@PathParam("jobId") String jobId, JsonNode body) {
        UUID id = Ids.parse("jobId", jobId);
        return ApiResponse.ok("Job updated", JobView.of(jobs.update(id, toUpdate(body))));
    }

    @DELETE
    @Path("{jobId}")
    @Operation(summary = "Delete a job with its versions and archives")
    public ApiResponse<Void> delete(@PathParam("jobId") String jobId) {
        jobs.delete(Ids.parse("jobId", jobId));
        return ApiResponse.ok("Job deleted", null);
    }

    @GET
    @Path("{jobId}/versions")
    @Operation(summary = "List a job's versions")
    public ApiResponse<List<VersionView>> versions(@PathParam("jobId") String jobId) {
        return ApiResponse.ok(jobs.versions(Ids.parse("jobId", jobId)).stream().map(VersionView::of).toList());
    }

    @GET
    @Path("{jobId}/actions{selector: (:[^/]+)?}")
    @Operation(summary = "List a job's actions; actions:current (or any :suffix) gives the active version's")
    public ApiResponse<List<ActionView>> actions(@PathParam("jobId") String jobId,
            @PathParam("selector") String selector) {
        UUID id = Ids.parse("jobId", jobId);
        Map<UUID, String> labels = jobs.versionLabels(id);
        return ApiResponse.ok(jobs.actions(id, isCurrent(selector)).stream()
                .map(a -> ActionView.of(a, labels)).toList());
    }

    @GET
    @Path("{jobId}/triggers{selector: (:[^/]+)?}")
    @Operation(summary = "List a job's triggers; triggers:current (or any :suffix) gives the active version's")
    public ApiResponse<List<TriggerView>> triggers(@PathParam("jobId") String jobId,
            @PathParam("selector") String selector) {
        UUID id = Ids.parse("jobId", jobId);
        Map<UUID, String> labels = jobs.versionLabels(id);
        return ApiResponse.ok(jobs.triggers(id, isCurrent(selector)).stream()
                .map(t -> TriggerView.of(t, labels, statuses.of(t.id))).toList());
    }

    @GET
    @Path("{jobId}/triggers/{triggerId}/status")
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

    private static JobUpdate toUpdate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        return new JobUpdate(text(body, "status"), text(body, "description"), versionId(body));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ValidationException.of(field, "must be a string");
        }
        return Optional.of(value.asText());
    }

    private static Optional<Optional<UUID>> versionId(JsonNode body) {
        JsonNode value = body.get("jobVersionId");
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isTextual()) {
            throw ValidationException.of("jobVersionId", "must be a UUID or null");
        }
        return Optional.of(Optional.of(Ids.parse("jobVersionId", value.asText())));
    }
}
