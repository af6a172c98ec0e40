package dev.jobber.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of {@code runnerDockerArguments} an operator allows. */
public record DockerArgumentTypes(Set<Type> allowed) {

    /**
     * The Docker CLI flags {@code directPassthroughArguments} may use, each applied to the runner's container; every
     * other flag is refused at publish. {@code --ulimit} takes only {@code nofile=…}; {@code --read-only} is what a
     * runner always is.
     */
    public static final List<String> PASSTHROUGH_FLAGS = List.of("--cpus", "--memory", "-m", "--memory-swap",
            "--pids-limit", "--env", "-e", "--label", "-l", "--add-host", "--ulimit", "--read-only");

    public enum Type {
        VOLUMES("volumes"),
        NETWORKS("networks"),
        LABELS("labels"),
        MEMORY_LIMIT("memoryLimit"),
        DIRECT_PASSTHROUGH_ARGUMENTS("directPassthroughArguments");

        private final String manifestName;

        Type(String manifestName) {
            this.manifestName = manifestName;
        }

        public String manifestName() {
            return manifestName;
        }
    }

    public DockerArgumentTypes {
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
    }

    public boolean allows(Type type) {
        return allowed.contains(type);
    }

    /** Parses {@code RUNNER_ALLOW_DOCKER_ARGUMENT_TYPES}, matching names case-insensitively. */
    public static DockerArgumentTypes parse(String value) {
        Set<Type> types = EnumSet.noneOf(Type.class);
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            Type type = Arrays.stream(Type.values())
                    .filter(t -> t.manifestName.equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("RUNNER_ALLOW_DOCKER_ARGUMENT_TYPES: unknown type \""
                            + name + "\"; allowed are " + Arrays.stream(Type.values()).map(Type::manifestName)
                                    .collect(Collectors.joining(", "))));
            types.add(type);
        }
        return new DockerArgumentTypes(types);
    }

    public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<DockerArgumentTypes> {
        @Override
        public DockerArgumentTypes convert(String value) {
            return parse(value == null ? "" : value);
        }
    }
}
