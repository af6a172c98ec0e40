package dev.jobber.job.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A job's {@code action.runnerDockerArguments} as published and checked. Each kind takes effect only where the
 * operator allows it ({@code RUNNER_ALLOW_DOCKER_ARGUMENT_TYPES}); stored as JSON in the manifest's shape. Keys are
 * written in the order PostgreSQL's {@code jsonb} gave them when this was stored as the manifest's raw object (the
 * admin API has always answered that order); unknown keys of versions stored so are ignored.
 *
 * @param memoryLimit like {@code 512m}, or null when the job sets none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"labels", "volumes", "networks", "memoryLimit", "directPassthroughArguments"})
public record DockerArguments(
        List<String> networks,
        List<Volume> volumes,
        List<Label> labels,
        String memoryLimit,
        PassthroughArguments directPassthroughArguments) {

    public static final DockerArguments NONE = new DockerArguments(List.of(), List.of(), List.of(), null,
            PassthroughArguments.NONE);

    public DockerArguments {
        networks = networks == null ? List.of() : List.copyOf(networks);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        labels = labels == null ? List.of() : List.copyOf(labels);
        directPassthroughArguments = directPassthroughArguments == null ? PassthroughArguments.NONE
                : directPassthroughArguments;
    }

    /** {@link #memoryLimit()} in bytes, or 0 when the job sets none. */
    public long memoryLimitBytes() {
        return memoryLimit == null ? 0 : DockerSizes.bytes(memoryLimit).longValueExact();
    }

    /**
     * A bind of a host path or named volume.
     *
     * @param mode {@code rw} or {@code ro}; null when the job left it out (read and write)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"mode", "source", "target"})
    public record Volume(String source, String target, String mode) {

        /** The bind as Docker writes it: {@code source:target:mode}. */
        public String bind() {
            return source + ":" + target + ":" + (mode == null ? "rw" : mode);
        }
    }

    /** A container label the job adds; never one of Jobber's own. */
    public record Label(String key, String value) {
    }
}
