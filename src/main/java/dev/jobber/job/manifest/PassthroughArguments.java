package dev.jobber.job.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A job's {@code directPassthroughArguments}: the Docker CLI flags as written, and what they ask of its container.
 * Limits here may only tighten the operator's; flags that would weaken a runner's isolation are refused at publish
 * where the instance applies passthrough, and never applied ({@link PassthroughParser}). Stored and shown as the flags
 * as written.
 *
 * @param written         the flags as the manifest wrote them
 * @param nanoCpus        {@code --cpus}, in billionths of a core
 * @param memoryBytes     {@code --memory}, {@code -m}
 * @param memorySwapBytes {@code --memory-swap}: memory and swap together, so it bounds memory as well (runners
 *                        never swap)
 * @param pidsLimit       {@code --pids-limit}
 * @param nofile          {@code --ulimit nofile=soft[:hard]}: the soft limit, applied as soft and hard
 * @param env             {@code --env}, {@code -e}: {@code NAME=value}, none of the runner's own variables
 * @param labels          {@code --label}, {@code -l}: none of Jobber's own ({@code jobber…})
 * @param extraHosts      {@code --add-host}, as {@code host:address}
 */
public record PassthroughArguments(
        List<String> written,
        OptionalLong nanoCpus,
        OptionalLong memoryBytes,
        OptionalLong memorySwapBytes,
        OptionalLong pidsLimit,
        OptionalLong nofile,
        Map<String, String> env,
        Map<String, String> labels,
        List<String> extraHosts) {

    public static final PassthroughArguments NONE = new PassthroughArguments(List.of(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of(),
            Map.of(), List.of());

    public PassthroughArguments {
        written = List.copyOf(written);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        extraHosts = List.copyOf(extraHosts);
    }

    /**
     * Flags stored by a version, read again. Versions published before the flags were checked may hold refused or
     * unknown flags: those are skipped, and limits are bounded when the container is made.
     */
    @JsonCreator
    public static PassthroughArguments stored(List<String> written) {
        return written == null ? NONE : PassthroughParser.parse(written, null, (index, message) -> {
        });
    }

    @Override
    @JsonValue
    public List<String> written() {
        return written;
    }
}
