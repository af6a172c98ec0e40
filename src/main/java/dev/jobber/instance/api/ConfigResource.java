package dev.jobber.instance.api;

import dev.jobber.auth.Public;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.config.DockerArgumentTypes.Type;
import dev.jobber.config.DockerArgumentTypes;
import dev.jobber.config.GatewayConfig;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
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
     * and (beyond the original) what a job's {@code directPassthroughArguments} may ask for.
     */
    public record ConfigView(String jobberName, Features features, String gatewayUrl, Integer gatewayPort,
            DirectPassthrough directPassthroughArguments) {
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

    public record Features(boolean metricsEnabled, boolean actionDockerArgumentVolumesEnabled,
            boolean actionDockerArgumentNetworksEnabled, boolean actionDockerArgumentLabelsEnabled,
            boolean actionDockerArgumentMemoryLimitEnabled, boolean actionDockerArgumentDirectPassthroughEnabled) {
    }

    private final ConfigView view;

    public ConfigResource(JobberConfig jobber, RunnerConfig runner, GatewayConfig gateway) {
        DockerArgumentTypes allowed = runner.allowedDockerArgumentTypes();
        boolean passthrough = runner.appliesPassthrough();
        this.view = new ConfigView(jobber.name(), new Features(true,
                allowed.allows(Type.VOLUMES),
                allowed.allows(Type.NETWORKS),
                allowed.allows(Type.LABELS),
                allowed.allows(Type.MEMORY_LIMIT),
                passthrough),
                gateway.publicUrl().orElse(null), gateway.port() == 0 ? null : gateway.port(),
                new DirectPassthrough(passthrough, DockerArgumentTypes.PASSTHROUGH_FLAGS,
                        "refused at publish (400 naming the flag), whether or not passthrough is enabled",
                        new Limits(runner.memoryLimit().asLongValue(), runner.cpuLimit(), runner.pidsLimit(),
                                runner.nofileLimit())));
    }

    @GET
    @Public
    @Operation(summary = "Instance name and enabled features")
    public ApiResponse<ConfigView> get() {
        return ApiResponse.ok(view);
    }
}
