package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;
import dev.jobber.config.RunnerConfig;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/** Checks {@code action.runnerDockerArguments}: networks, volumes, labels, memoryLimit and passthrough arguments. */
final class DockerArgumentsParser {

    private static final Pattern DOCKER_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Pattern LABEL_PART = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final Pattern MEMORY_LIMIT = Pattern.compile("^\\d+[bkmg]$");
    private static final String KEY = "runnerDockerArguments";

    private DockerArgumentsParser() {
    }

    /** The arguments as written, or an empty object when they are absent or not an object. */
    static ObjectNode parse(JsonFields action) {
        JsonNode node = action.get(KEY);
        if (node == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            action.error(KEY, "must be an object");
            return JsonNodeFactory.instance.objectNode();
        }
        JsonFields docker = action.at(node, KEY);
        docker.forEachElement("networks", "must be an array", (element, key) -> {
            if (!element.isTextual() || !DOCKER_NAME.matcher(element.asText()).matches()) {
                docker.error(key, "must be a Docker network name, got " + element);
            }
        });
        docker.forEachObject("volumes", "must be an array", "must be an object {source, target, mode}", volume -> {
            volume.text("source", true, 1, 4096);
            String target = volume.text("target", true, 1, 4096).orElse(null);
            if (target != null && !target.startsWith("/")) {
                volume.error("target", "must be an absolute path, got \"" + target + "\"");
            }
            String mode = volume.text("mode", false, 1, 2).orElse(null);
            if (mode != null && !mode.equals("rw") && !mode.equals("ro")) {
                volume.error("mode", "must be \"rw\" or \"ro\", got \"" + mode + "\"");
            }
        });
        docker.forEachObject("labels", "must be an array", "must be an object {key, value}", label -> {
            for (String part : List.of("key", "value")) {
                String value = label.text(part, true, 1, 1024).orElse(null);
                if (value != null && !LABEL_PART.matcher(value).matches()) {
                    label.error(part, "must match ^[a-zA-Z0-9._-]+$, got \"" + value + "\"");
                }
            }
        });
        memoryLimit(docker);
        docker.forEachElement("directPassthroughArguments", "must be an array", (element, key) -> {
            if (!element.isTextual()) {
                docker.error(key, "must be a string");
            }
        });
        return (ObjectNode) node;
    }

    private static void memoryLimit(JsonFields docker) {
        String memory = docker.text("memoryLimit", false, 1, 32).orElse(null);
        if (memory == null) {
            return;
        }
        if (!MEMORY_LIMIT.matcher(memory).matches()) {
            docker.error("memoryLimit", "must be a number followed by b, k, m or g (like 512m), got \"" + memory
                    + "\"");
        } else if (bytes(memory).compareTo(BigInteger.valueOf(RunnerConfig.MIN_MEMORY_LIMIT)) < 0) {
            docker.error("memoryLimit", "must be at least 32m (a runner needs that much; 0 does not mean"
                    + " unlimited), got \"" + memory + "\"");
        } else if (bytes(memory).bitLength() > 62) {
            docker.error("memoryLimit", "is too large, got \"" + memory + "\"");
        }
    }

    /** Bytes of a memoryLimit that matches {@link #MEMORY_LIMIT}. */
    private static BigInteger bytes(String limit) {
        BigInteger value = new BigInteger(limit.substring(0, limit.length() - 1));
        int shift = switch (Character.toLowerCase(limit.charAt(limit.length() - 1))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return value.shiftLeft(shift);
    }
}
