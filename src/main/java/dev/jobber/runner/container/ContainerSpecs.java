package dev.jobber.runner.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.config.DockerArgumentTypes;
import dev.jobber.config.RunnerConfig;
import dev.jobber.job.ActiveVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        JsonNode arguments = version.action().settings().runnerDockerArguments();
        Map<String, String> labels = new LinkedHashMap<>();
        if (allowed.allows(DockerArgumentTypes.Type.LABELS) && arguments.path("labels").isArray()) {
            for (JsonNode label : arguments.get("labels")) {
                String key = label.path("key").asText();
                if (!key.startsWith("jobber")) {
                    labels.put(key, label.path("value").asText());
                }
            }
        }
        labels.put(LABEL_JOBBER, "true");
        labels.put(LABEL_MANAGER, instance);
        labels.put(LABEL_JOB, version.jobId().toString());
        labels.put(LABEL_VERSION, version.versionId().toString());
        labels.put(LABEL_RUNNER, runnerId.toString());
        List<String> volumes = new ArrayList<>(managerBinds);
        if (allowed.allows(DockerArgumentTypes.Type.VOLUMES) && arguments.path("volumes").isArray()) {
            for (JsonNode volume : arguments.get("volumes")) {
                volumes.add(volume.path("source").asText() + ":" + volume.path("target").asText() + ":"
                        + volume.path("mode").asText("rw"));
            }
        }
        List<String> networks = new ArrayList<>();
        if (allowed.allows(DockerArgumentTypes.Type.NETWORKS) && arguments.path("networks").isArray()) {
            arguments.get("networks").forEach(n -> networks.add(n.asText()));
        }
        long memory = config.memoryLimit().asLongValue();
        if (allowed.allows(DockerArgumentTypes.Type.MEMORY_LIMIT) && arguments.path("memoryLimit").isTextual()) {
            // Publishing refuses less; versions published before that rule are raised to the minimum.
            memory = Math.max(RunnerConfig.MIN_MEMORY_LIMIT, memoryBytes(arguments.get("memoryLimit").asText()));
        }
        String name = "jobber-" + slug(instance) + "-" + slug(version.jobName()) + "-"
                + runnerId.toString().substring(0, 8);
        return new ContainerSpec(name, image(version.nodeMajor()), user, labels,
                config.containerDockerNetwork(), memory, Math.round(config.cpuLimit() * 1_000_000_000L),
                config.pidsLimit(), config.nofileLimit(), config.tmpSize().asLongValue(), inputDirectories, volumes,
                networks, extraHosts);
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

    static long memoryBytes(String limit) {
        long value = Long.parseLong(limit.substring(0, limit.length() - 1));
        return switch (Character.toLowerCase(limit.charAt(limit.length() - 1))) {
            case 'k' -> value * 1024;
            case 'm' -> value * 1024 * 1024;
            case 'g' -> value * 1024 * 1024 * 1024;
            default -> value;
        };
    }

    private static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return slug.isEmpty() ? "job" : slug.length() > 40 ? slug.substring(0, 40) : slug;
    }
}
