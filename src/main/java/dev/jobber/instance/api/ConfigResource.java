package dev.jobber.instance.api;

import dev.jobber.auth.Public;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.config.DockerArgumentTypes.Type;
import dev.jobber.config.DockerArgumentTypes;
import dev.jobber.config.GatewayConfig;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.runner.image.ImageStatus;
import dev.jobber.runner.image.RunnerImages;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the web panel needs to know about this instance; needs no authentication. */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class ConfigResource {

    /**
     * The instance name, which optional features are on, where the gateway is: {@code gatewayUrl} when
     * {@code GATEWAY_PUBLIC_URL} is set (else null), {@code gatewayPort} unless it is picked at start (then null);
     * and (beyond the original) what a job's {@code directPassthroughArguments} may ask for and the runner images as
     * last seen.
     */
    public record ConfigView(String jobberName, Features features, String gatewayUrl, Integer gatewayPort,
            DirectPassthrough directPassthroughArguments, List<ImageView> images) {
    }

    /**
     * @param appliedFlags the flags applied to a runner's container when passthrough is enabled
     * @param otherFlags   what becomes of every other flag
     * @param upTo         the most a job may ask for: its limits may tighten this instance's, never exceed them
     */
    public record DirectPassthrough(boolean enabled, List<String> appliedFlags, String otherFlags, Limits upTo) {
    }

    /** A runner container's limits on this instance. */
    public record Limits(long memoryBytes, double cpus, int pidsLimit, int nofile) {
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
    private final String gatewayUrl;
    private final Integer gatewayPort;
    private final DirectPassthrough passthrough;

    public ConfigResource(JobberConfig jobber, RunnerConfig runner, GatewayConfig gateway, RunnerImages images) {
        DockerArgumentTypes allowed = runner.allowedDockerArgumentTypes();
        boolean passthrough = runner.appliesPassthrough();
        this.name = jobber.name();
        this.images = images;
        this.gatewayUrl = gateway.publicUrl().orElse(null);
        this.gatewayPort = gateway.port() == 0 ? null : gateway.port();
        this.passthrough = new DirectPassthrough(passthrough, DockerArgumentTypes.PASSTHROUGH_FLAGS,
                passthrough ? "refused at publish (400 naming the flag)" : "stored as written and ignored",
                new Limits(runner.memoryLimit().asLongValue(), runner.cpuLimit(), runner.pidsLimit(),
                        runner.nofileLimit()));
        this.features = new Features(true,
                allowed.allows(Type.VOLUMES),
                allowed.allows(Type.NETWORKS),
                allowed.allows(Type.LABELS),
                allowed.allows(Type.MEMORY_LIMIT),
                passthrough);
    }

    @GET
    @Public
    @Operation(summary = "Instance name, enabled features and the runner images' state")
    public ApiResponse<ConfigView> get() {
        return ApiResponse.ok(new ConfigView(name, features, gatewayUrl, gatewayPort, passthrough,
                images.statuses().stream().map(ImageView::of).toList()));
    }
}
