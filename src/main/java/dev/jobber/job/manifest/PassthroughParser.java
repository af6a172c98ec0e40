package dev.jobber.job.manifest;

import dev.jobber.config.DockerArgumentTypes;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads {@code directPassthroughArguments} as the Docker CLI would, {@code --flag value} or {@code --flag=value}, and
 * keeps only what may be applied to a runner's container without weakening it: every other flag is a problem
 * naming it.
 */
final class PassthroughParser {

    /** Flags that would weaken a runner's isolation: its user, privileges, namespaces, network or the host's files. */
    private static final Set<String> WEAKENING = Set.of("--privileged", "--user", "-u", "--group-add", "--cap-add",
            "--security-opt", "--network", "--net", "--network-alias", "--net-alias", "--pid", "--ipc", "--uts",
            "--userns", "--cgroupns", "--cgroup-parent", "-v", "--volume", "--volumes-from", "--mount", "--tmpfs",
            "--device", "--device-cgroup-rule", "--device-read-bps", "--device-write-bps", "--gpus", "--runtime",
            "--isolation", "--sysctl", "--env-file", "--label-file", "--oom-kill-disable", "-p", "--publish", "-P",
            "--publish-all");
    private static final String READ_ONLY = "--read-only";
    private static final Set<String> WITH_VALUE = DockerArgumentTypes.PASSTHROUGH_FLAGS.stream()
            .filter(flag -> !flag.equals(READ_ONLY)).collect(Collectors.toUnmodifiableSet());
    private static final String SUPPORTED = String.join(", ", DockerArgumentTypes.PASSTHROUGH_FLAGS);

    private PassthroughParser() {
    }

    /**
     * @param written the flags as written
     * @param limits  the operator's limits the flags must stay within; null reads stored flags without bounds
     * @param problem receives the index of each refused argument and what is wrong with it
     */
    static PassthroughArguments parse(List<String> written, ManifestLimits.ContainerLimits limits,
            BiConsumer<Integer, String> problem) {
        PassthroughValues values = new PassthroughValues(limits, problem);
        for (int i = 0; i < written.size(); i++) {
            String argument = written.get(i);
            int equals = argument.indexOf('=');
            boolean inline = argument.startsWith("-") && equals > 0;
            String flag = inline ? argument.substring(0, equals) : argument;
            boolean hasNext = i + 1 < written.size();
            if (!flag.startsWith("-")) {
                problem.accept(i, "\"" + argument + "\" is not a flag; write a flag and its value, like \"--cpus\", "
                        + "\"0.5\"");
            } else if (flag.equals(READ_ONLY)) {
                if (inline && !argument.substring(equals + 1).equals("true")) {
                    problem.accept(i, "\"" + argument + "\" is refused: a runner's root filesystem is always "
                            + "read-only");
                }
            } else if (!WITH_VALUE.contains(flag)) {
                problem.accept(i, WEAKENING.contains(flag)
                        ? "\"" + flag + "\" is refused: it would weaken the runner's isolation"
                        : "\"" + flag + "\" is not supported; supported are " + SUPPORTED);
                if (!inline && hasNext && !written.get(i + 1).startsWith("-")) {
                    i++;
                }
            } else if (inline) {
                values.apply(i, flag, argument.substring(equals + 1));
            } else if (hasNext) {
                values.apply(i, flag, written.get(++i));
            } else {
                problem.accept(i, "\"" + flag + "\" needs a value");
            }
        }
        return values.result(written);
    }
}
