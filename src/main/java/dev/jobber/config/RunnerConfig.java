package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How runner containers are started ({@code RUNNER_*}). */
@ConfigMapping(prefix = "runner")
public interface RunnerConfig {

    /** The least memory a runner container may be given (by {@code RUNNER_MEMORY_LIMIT} or a job's memoryLimit). */
    long MIN_MEMORY_LIMIT = 32L * 1024 * 1024;

    /** Image for functions on Node 20 ({@code RUNNER_IMAGE_NODE20_URL}). */
    @WithDefault("jobber-runner-node20:latest")
    String imageNode20Url();

    /** Image for functions on Node 22 ({@code RUNNER_IMAGE_NODE22_URL}). */
    @WithDefault("jobber-runner-node22:latest")
    String imageNode22Url();

    /** Image for functions on Node 24 ({@code RUNNER_IMAGE_NODE24_URL}). */
    @WithDefault("jobber-runner-node24:latest")
    String imageNode24Url();

    /** How Jobber provides a runner image the engine lacks ({@code RUNNER_IMAGE_BUILD}). */
    enum ImageBuild {
        /** Builds {@code runner-images/node<N>/Dockerfile}, which Jobber carries; the engine pulls its base image. */
        DOCKERFILE,
        /** Builds from this host's {@code node}, offline; only the image of the host's Node major. */
        LOCAL,
        /** Provides nothing: images are the operator's; a missing one fails runner starts. */
        NONE
    }

    /** How a missing runner image is provided ({@code RUNNER_IMAGE_BUILD}): dockerfile, local or none. */
    @WithDefault("dockerfile")
    ImageBuild imageBuild();

    /**
     * Pulls a missing runner image instead of building it when its URL names a registry (a host with a dot or a port,
     * or {@code localhost}) ({@code RUNNER_IMAGE_PULL}).
     */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean imagePull();

    /** How long providing one runner image (a build or a pull) may take ({@code RUNNER_IMAGE_BUILD_TIMEOUT}). */
    @WithDefault("10m")
    Duration imageBuildTimeout();

    /** The {@code node} a local build copies, a path or a name on {@code PATH} ({@code RUNNER_IMAGE_LOCAL_NODE}). */
    @WithDefault("node")
    String imageLocalNode();

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

    /**
     * Also required for {@code directPassthroughArguments} ({@code RUNNER_ALLOW_ARGUMENT_DIRECT_PASSTHROUGH}): then
     * the flags of {@link DockerArgumentTypes#PASSTHROUGH_FLAGS} are applied, bounded by this instance's limits.
     */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean allowArgumentDirectPassthrough();

    /** Whether {@code directPassthroughArguments} are applied: the kind is allowed and passthrough switched on. */
    default boolean appliesPassthrough() {
        return allowedDockerArgumentTypes().allows(DockerArgumentTypes.Type.DIRECT_PASSTHROUGH_ARGUMENTS)
                && allowArgumentDirectPassthrough();
    }

    /**
     * Most runners of this instance at once, over all jobs ({@code RUNNER_MAX_TOTAL}). A pool starts no runner beyond
     * it; its requests then wait in the queue as when the job is saturated. Manifests asking for more runners than
     * this are refused. Default: {@link HostCapacity#defaultMaxRunners()}.
     */
    Optional<Integer> maxTotal();

    /** {@link #maxTotal()}, or the default sized to this host. */
    default int runnerMaxTotal() {
        return maxTotal().orElseGet(HostCapacity::defaultMaxRunners);
    }

    /** Requests that may wait for a runner of one job ({@code RUNNER_QUEUE_SIZE}); beyond, 503. */
    @WithDefault("256")
    int queueSize();

    /** How long a request waits for a runner ({@code RUNNER_QUEUE_WAIT}); then 503. */
    @WithDefault("30s")
    Duration queueWait();

    /** How long a runner may take from container creation to ready ({@code RUNNER_START_TIMEOUT}). */
    @WithDefault("30s")
    Duration startTimeout();

    /** Memory limit of a runner container unless the job's allowed memoryLimit says otherwise ({@code RUNNER_MEMORY_LIMIT}). */
    @WithDefault("512M")
    MemorySize memoryLimit();

    /** CPU cores a runner container may use, fractions allowed ({@code RUNNER_CPU_LIMIT}). */
    @WithDefault("1")
    double cpuLimit();

    /** {@link #cpuLimit()} in billionths of a core, as Docker counts it. */
    default long nanoCpus() {
        return Math.round(cpuLimit() * 1_000_000_000L);
    }

    /**
     * Size of the runner's {@code /tmp}, a tmpfs and the only place its function can write: the container's root
     * filesystem is read-only ({@code RUNNER_TMP_SIZE}). It counts towards the container's memory.
     */
    @WithDefault("64M")
    MemorySize tmpSize();

    /** Most open files per process in a runner container ({@code RUNNER_NOFILE_LIMIT}). */
    @WithDefault("1024")
    int nofileLimit();

    /** Most processes in a runner container ({@code RUNNER_PIDS_LIMIT}). */
    @WithDefault("256")
    int pidsLimit();

    /** Requests one asynchronous runner handles at once before the pool queues and scales ({@code RUNNER_CONCURRENCY}). */
    @WithDefault("64")
    int concurrency();

    /** How often pools are reconciled, idle and old runners retired, and orphans removed ({@code RUNNER_MAINTENANCE_INTERVAL}). */
    @WithDefault("1s")
    Duration maintenanceInterval();
}
