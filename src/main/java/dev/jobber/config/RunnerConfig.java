package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How runner containers are started ({@code RUNNER_*}). */
@ConfigMapping(prefix = "runner")
public interface RunnerConfig {

    /** Image for functions on Node 20 ({@code RUNNER_IMAGE_NODE20_URL}). */
    @WithDefault("jobber-runner-node20:latest")
    String imageNode20Url();

    /** Image for functions on Node 22 ({@code RUNNER_IMAGE_NODE22_URL}). */
    @WithDefault("jobber-runner-node22:latest")
    String imageNode22Url();

    /** Image for functions on Node 24 ({@code RUNNER_IMAGE_NODE24_URL}). */
    @WithDefault("jobber-runner-node24:latest")
    String imageNode24Url();

    /** Docker network runners join ({@code RUNNER_CONTAINER_DOCKER_NETWORK}); the engine's default when unset. */
    Optional<String> containerDockerNetwork();

    /**
     * Kinds of {@code runnerDockerArguments} that take effect ({@code RUNNER_ALLOW_DOCKER_ARGUMENT_TYPES}): a comma
     * list of {@code volumes, networks, labels, memoryLimit, directPassthroughArguments}, any case; empty = none.
     */
    @WithConverter(DockerArgumentTypes.Converter.class)
    Optional<DockerArgumentTypes> allowDockerArgumentTypes();

    default DockerArgumentTypes allowedDockerArgumentTypes() {
        return allowDockerArgumentTypes().orElseGet(() -> DockerArgumentTypes.parse(""));
    }

    /** Also required for {@code directPassthroughArguments} ({@code RUNNER_ALLOW_ARGUMENT_DIRECT_PASSTHROUGH}). */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean allowArgumentDirectPassthrough();
}
