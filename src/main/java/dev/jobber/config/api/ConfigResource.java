package dev.jobber.config.api;

import dev.jobber.auth.Public;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.config.DockerArgumentTypes.Type;
import dev.jobber.config.DockerArgumentTypes;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.runner.image.ImageStatus;
import dev.jobber.runner.image.RunnerImages;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the web panel needs to know about this instance; needs no authentication. */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class ConfigResource {

    /** The instance name, which optional features are on, and the runner images as last seen. */
    public record ConfigView(String jobberName, Features features, List<ImageView> images) {
    }

    /**
     * The runner image of one Node major: {@code state} is {@code unknown}, {@code present}, {@code missing} (provided
     * when a runner needs it), {@code building} (or pulling) or {@code failed}, with the reason in {@code message};
     * {@code since} is when it got there, in unix milliseconds.
     */
    public record ImageView(int nodeMajor, String image, String state, String message, long since) {
        static ImageView of(ImageStatus status) {
            return new ImageView(status.nodeMajor(), status.image(), status.state().label(),
                    status.message().orElse(null), status.since().toEpochMilli());
        }
    }

    public record Features(boolean metricsEnabled, boolean actionDockerArgumentVolumesEnabled,
            boolean actionDockerArgumentNetworksEnabled, boolean actionDockerArgumentLabelsEnabled,
            boolean actionDockerArgumentMemoryLimitEnabled, boolean actionDockerArgumentDirectPassthroughEnabled) {
    }

    private final String name;
    private final Features features;
    private final RunnerImages images;

    public ConfigResource(JobberConfig jobber, RunnerConfig runner, RunnerImages images) {
        DockerArgumentTypes allowed = runner.allowedDockerArgumentTypes();
        this.name = jobber.name();
        this.images = images;
        this.features = new Features(true,
                allowed.allows(Type.VOLUMES),
                allowed.allows(Type.NETWORKS),
                allowed.allows(Type.LABELS),
                allowed.allows(Type.MEMORY_LIMIT),
                allowed.allows(Type.DIRECT_PASSTHROUGH_ARGUMENTS) && runner.allowArgumentDirectPassthrough());
    }

    @GET
    @Public
    @Operation(summary = "Instance name, enabled features and the runner images' state")
    public ApiResponse<ConfigView> get() {
        return ApiResponse.ok(new ConfigView(name, features, images.statuses().stream().map(ImageView::of).toList()));
    }
}
