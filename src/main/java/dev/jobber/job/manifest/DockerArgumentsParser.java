package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.common.api.JsonFields;
import dev.jobber.config.RunnerConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks {@code action.runnerDockerArguments}: networks, volumes, labels, memoryLimit and passthrough arguments. */
final class DockerArgumentsParser {

    private static final Pattern DOCKER_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Pattern LABEL_PART = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final String KEY = "runnerDockerArguments";
    private static final String PASSTHROUGH = "directPassthroughArguments";

    private DockerArgumentsParser() {
    }

    /** The arguments, or none when they are absent or not an object. */
    static DockerArguments parse(JsonFields action, ManifestLimits.ContainerLimits limits) {
        JsonNode node = action.get(KEY);
        if (node == null) {
            return DockerArguments.NONE;
        }
        if (!node.isObject()) {
            action.error(KEY, "must be an object");
            return DockerArguments.NONE;
        }
        JsonFields docker = action.at(node, KEY);
        List<String> networks = new ArrayList<>();
        docker.forEachElement("networks", "must be an array", (element, key) -> {
            if (!element.isTextual() || !DOCKER_NAME.matcher(element.asText()).matches()) {
                docker.error(key, "must be a Docker network name, got " + element);
            }
            networks.add(element.asText());
        });
        List<DockerArguments.Volume> volumes = new ArrayList<>();
        docker.forEachObject("volumes", "must be an array", "must be an object {source, target, mode}", volume -> {
            String source = volume.text("source", true, 1, 4096).orElse(null);
            String target = volume.text("target", true, 1, 4096).orElse(null);
            if (target != null && !target.startsWith("/")) {
                volume.error("target", "must be an absolute path, got \"" + target + "\"");
            }
            String mode = volume.text("mode", false, 1, 2).orElse(null);
            if (mode != null && !mode.equals("rw") && !mode.equals("ro")) {
                volume.error("mode", "must be \"rw\" or \"ro\", got \"" + mode + "\"");
            }
            volumes.add(new DockerArguments.Volume(source, target, mode));
        });
        List<DockerArguments.Label> labels = new ArrayList<>();
        docker.forEachObject("labels", "must be an array", "must be an object {key, value}", label -> {
            labels.add(new DockerArguments.Label(labelPart(label, "key"), labelPart(label, "value")));
        });
        return new DockerArguments(networks, volumes, labels, memoryLimit(docker), passthrough(docker, limits));
    }

    private static String labelPart(JsonFields label, String part) {
        String value = label.text(part, true, 1, 1024).orElse(null);
        if (value != null && !LABEL_PART.matcher(value).matches()) {
            label.error(part, "must match ^[a-zA-Z0-9._-]+$, got \"" + value + "\"");
        }
        return value;
    }

    private static String memoryLimit(JsonFields docker) {
        String memory = docker.text("memoryLimit", false, 1, 32).orElse(null);
        if (memory == null) {
            return null;
        }
        if (!DockerSizes.MEMORY_LIMIT.matcher(memory).matches()) {
            docker.error("memoryLimit", "must be a number followed by b, k, m or g (like 512m), got \"" + memory
                    + "\"");
        } else if (DockerSizes.bytes(memory).compareTo(BigInteger.valueOf(RunnerConfig.MIN_MEMORY_LIMIT)) < 0) {
            docker.error("memoryLimit", "must be at least 32m (a runner needs that much; 0 does not mean"
                    + " unlimited), got \"" + memory + "\"");
        } else if (DockerSizes.bytes(memory).bitLength() > 62) {
            docker.error("memoryLimit", "is too large, got \"" + memory + "\"");
        }
        return memory;
    }

    /**
     * Where this instance applies passthrough, every flag that may not be applied, or that exceeds the operator's
     * limits, is a problem naming it. Elsewhere the kind is accepted and ignored at run, as every disallowed kind is:
     * only the flags that could be applied are kept, so that switching passthrough on later never applies a refused
     * one.
     */
    private static PassthroughArguments passthrough(JsonFields docker, ManifestLimits.ContainerLimits limits) {
        List<String> written = new ArrayList<>();
        int[] notText = {0};
        docker.forEachElement(PASSTHROUGH, "must be an array", (element, key) -> {
            if (!element.isTextual()) {
                docker.error(key, "must be a string");
                notText[0]++;
            }
            written.add(element.asText());
        });
        if (notText[0] > 0) {
            return PassthroughArguments.NONE;
        }
        if (!limits.passthroughApplied()) {
            return PassthroughParser.parse(written, null, (index, message) -> {
            });
        }
        return PassthroughParser.parse(written, limits,
                (index, message) -> docker.error(PASSTHROUGH + "[" + index + "]", message));
    }
}
