package dev.jobber.job.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.CallerPrincipal;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.job.PublishResult;
import dev.jobber.job.PublishService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Publishing a job archive from CI. */
@Path("/api/job/publish")
@Tag(name = "Jobs")
public class PublishResource {

    private final PublishService publisher;

    public PublishResource(PublishService publisher) {
        this.publisher = publisher;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(resource = "job/*/publish", action = PermissionAction.WRITE, anyMatching = true)
    @Operation(summary = "Publish a zipped job (multipart field 'archive') as a new version; a new job needs write on "
            + "job/-/publish, a version of an existing job write on job/<id>/publish")
    public ApiResponse<PublishView> publish(@Context SecurityContext security,
            @RestForm("archive") FileUpload archive,
            @QueryParam("allowAutomaticRollout") String allowAutomaticRollout,
            @QueryParam("allowRouteTakeover") String allowRouteTakeover) {
        if (archive == null || archive.uploadedFile() == null) {
            throw ValidationException.of("archive", "a file field named 'archive' holding the zipped job is required");
        }
        boolean rollout = allowAutomaticRollout == null || allowAutomaticRollout.equals("true");
        PublishResult result = publisher.publish(archive.uploadedFile(), rollout,
                "true".equals(allowRouteTakeover),
                new CallerPublishAccess(CallerPrincipal.of(security)));
        String message = result.created()
                ? "Published version " + result.version().version
                : "Version " + result.version().version + " was already published with this archive; nothing changed";
        return ApiResponse.ok(message, new PublishView(JobView.of(result.job()), VersionView.of(result.version())));
    }
}
