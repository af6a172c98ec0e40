package dev.jobber.runner.container;

import dev.jobber.config.DockerArgumentTypes;
import dev.jobber.config.RunnerConfig;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.PassthroughArguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a runner's container is made of: the instance's limits and image for the version's Node major, the labels
 * operators filter on, and the Docker arguments of the job that the operator allows.
 */
public final class ContainerSpecs {

    public static final String LABEL_JOBBER = "jobber";
    public static final String LABEL_MANAGER = "jobber-manager";
    public static final String LABEL_JOB = "jobber.job";
    public static final String LABEL_VERSION = "jobber.version";
    public static final String LABEL_RUNNER = "jobber.runner";

    private final RunnerConfig config;
    private final String instance;
    private final String user;
    private final List<String> inputDirectories;

    /**
     * @param instance         this instance's name ({@code JOBBER_NAME}), on every container's labels
     * @param user             the user every runner runs as; no job setting changes it
     * @param inputDirectories the directories code and credentials are copied into before start
     */
    public ContainerSpecs(RunnerConfig config, String instance, String user, List<String> inputDirectories) {
        this.config = config;
        this.instance = instance;
        this.user = user;
        this.inputDirectories = List.copyOf(inputDirectories);
    }

    /**
     * @param managerBinds the binds the runner needs to reach the manager (its socket's directory), before the job's
     * @param extraHosts   the host entries it needs to reach the manager
     */
    public ContainerSpec of(ActiveVersion version, UUID runnerId, List<String> managerBinds, List<String> extraHosts) {
        DockerArgumentTypes allowed = config.allowedDockerArgumentTypes();
        DockerArguments arguments = version.action().settings().runnerDockerArguments();
        PassthroughArguments passthrough = config.appliesPassthrough() ? arguments.directPassthroughArguments()
                : PassthroughArguments.NONE;
        Map<String, String> labels = new LinkedHashMap<>(passthrough.labels());
        if (allowed.allows(DockerArgumentTypes.Type.LABELS)) {
            arguments.labels().forEach(label -> labels.put(label.key(), label.value()));
        }
        labels.keySet().removeIf(key -> key.toLowerCase(Locale.ROOT).startsWith("jobber"));
        labels.put(LABEL_JOBBER, "true");
        labels.put(LABEL_MANAGER, instance);
        labels.put(LABEL_JOB, version.jobId().toString());
        labels.put(LABEL_VERSION, version.versionId().toString());
        labels.put(LABEL_RUNNER, runnerId.toString());
        List<String> volumes = new ArrayList<>(managerBinds);
        if (allowed.allows(DockerArgumentTypes.Type.VOLUMES)) {
            arguments.volumes().stream().map(DockerArguments.Volume::bind).forEach(volumes::add);
        }
        List<String> networks = allowed.allows(DockerArgumentTypes.Type.NETWORKS) ? arguments.networks() : List.of();
        long memory = config.memoryLimit().asLongValue();
        if (allowed.allows(DockerArgumentTypes.Type.MEMORY_LIMIT) && arguments.memoryLimit() != null) {
            // Publishing refuses less; versions published before that rule are raised to the minimum.
            memory = Math.max(RunnerConfig.MIN_MEMORY_LIMIT, arguments.memoryLimitBytes());
        }
        // Passthrough limits only tighten: versions published under looser operator limits are bounded here.
        memory = lowest(lowest(memory, passthrough.memoryBytes()), passthrough.memorySwapBytes());
        List<String> hosts = new ArrayList<>(extraHosts);
        hosts.addAll(passthrough.extraHosts());
        String name = "jobber-" + slug(instance) + "-" + slug(version.jobName()) + "-"
                + runnerId.toString().substring(0, 8);
        return new ContainerSpec(name, image(version.nodeMajor()), user, labels,
                config.containerDockerNetwork(), memory, lowest(config.nanoCpus(), passthrough.nanoCpus()),
                lowest(config.pidsLimit(), passthrough.pidsLimit()),
                (int) lowest(config.nofileLimit(), passthrough.nofile()), config.tmpSize().asLongValue(),
                inputDirectories, volumes, networks, passthrough.env(), hosts);
    }

    private static long lowest(long limit, OptionalLong asked) {
        return asked.isPresent() ? Math.min(limit, asked.getAsLong()) : limit;
    }

    /** The labels of every container this instance owns. */
    public Map<String, String> instanceLabels() {
        return Map.of(LABEL_JOBBER, "true", LABEL_MANAGER, instance);
    }

    private String image(int nodeMajor) {
        return switch (nodeMajor) {
            case 20 -> config.imageNode20Url();
            case 22 -> config.imageNode22Url();
            default -> config.imageNode24Url();
        };
    }

    private static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return slug.isEmpty() ? "job" : slug.length() > 40 ? slug.substring(0, 40) : slug;
    }
}
