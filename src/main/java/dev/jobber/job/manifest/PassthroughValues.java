package dev.jobber.job.manifest;

import dev.jobber.config.RunnerConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** What the flags of {@code directPassthroughArguments} read so far ask for, each value checked. */
final class PassthroughValues {

    private static final Set<String> RUNNER_VARIABLES = Set.of("HOME", "PATH", "NODE_OPTIONS");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern LABEL_KEY = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final Pattern HOST_NAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?$");
    private static final Pattern ADDRESS = Pattern.compile(
            "^((\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*|host-gateway)$");
    private static final Pattern NOFILE = Pattern.compile("^nofile=(\\d{1,18})(?::(\\d{1,18}))?$");

    private final ManifestLimits.ContainerLimits limits;
    private final BiConsumer<Integer, String> problem;
    private OptionalLong nanoCpus = OptionalLong.empty();
    private OptionalLong memory = OptionalLong.empty();
    private OptionalLong memorySwap = OptionalLong.empty();
    private OptionalLong pids = OptionalLong.empty();
    private OptionalLong nofile = OptionalLong.empty();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> hosts = new ArrayList<>();

    PassthroughValues(ManifestLimits.ContainerLimits limits, BiConsumer<Integer, String> problem) {
        this.limits = limits;
        this.problem = problem;
    }

    void apply(int index, String flag, String value) {
        String refused = switch (flag) {
            case "--cpus" -> cpus(value);
            case "--memory", "-m" -> memory(value, false);
            case "--memory-swap" -> memory(value, true);
            case "--pids-limit" -> pids(value);
            case "--env", "-e" -> env(value);
            case "--label", "-l" -> label(value);
            case "--add-host" -> host(value);
            default -> nofile(value);
        };
        if (refused != null) {
            problem.accept(index, "\"" + flag + "\" " + refused);
        }
    }

    PassthroughArguments result(List<String> written) {
        return new PassthroughArguments(written, nanoCpus, memory, memorySwap, pids, nofile, env, labels,
                hosts);
    }

    private String cpus(String value) {
        BigDecimal cores;
        try {
            cores = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return "must be a number of cores like 0.5, got \"" + value + "\"";
        }
        long nanos = cores.movePointRight(9).setScale(0, RoundingMode.HALF_UP).min(
                BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
        if (nanos <= 0) {
            return "must be more than 0, got \"" + value + "\"";
        }
        if (limits != null && nanos > limits.nanoCpus()) {
            return exceeding(value, "RUNNER_CPU_LIMIT", BigDecimal.valueOf(limits.nanoCpus(), 9)
                    .stripTrailingZeros().toPlainString());
        }
        nanoCpus = OptionalLong.of(nanos);
        return null;
    }

    private String memory(String value, boolean swap) {
        if (swap && value.equals("-1")) {
            return "-1 is refused: runners never swap";
        }
        BigInteger bytes = DockerSizes.cliBytes(value).orElse(null);
        if (bytes == null) {
            return "must be a size like 256m or 1g, got \"" + value + "\"";
        }
        if (bytes.compareTo(BigInteger.valueOf(RunnerConfig.MIN_MEMORY_LIMIT)) < 0) {
            return "must be at least 32m, got \"" + value + "\"";
        }
        if (limits != null && bytes.compareTo(BigInteger.valueOf(limits.memoryBytes())) > 0) {
            return exceeding(value, "RUNNER_MEMORY_LIMIT", limits.memoryBytes() + " bytes");
        }
        if (bytes.bitLength() > 62) {
            return "is too large, got \"" + value + "\"";
        }
        if (swap) {
            memorySwap = OptionalLong.of(bytes.longValue());
        } else {
            memory = OptionalLong.of(bytes.longValue());
        }
        return null;
    }

    private String pids(String value) {
        long count = count(value);
        if (count < 1) {
            return "must be a whole number of at least 1, got \"" + value + "\"";
        }
        if (limits != null && count > limits.pidsLimit()) {
            return exceeding(value, "RUNNER_PIDS_LIMIT", limits.pidsLimit());
        }
        pids = OptionalLong.of(count);
        return null;
    }

    private String nofile(String value) {
        var matcher = NOFILE.matcher(value);
        if (!matcher.matches()) {
            return "takes only nofile=soft[:hard], got \"" + value + "\"";
        }
        long soft = Long.parseLong(matcher.group(1));
        long hard = matcher.group(2) == null ? soft : Long.parseLong(matcher.group(2));
        if (soft < 1 || soft > hard) {
            return "needs 1 ≤ soft ≤ hard, got \"" + value + "\"";
        }
        if (limits != null && hard > limits.nofile()) {
            return exceeding(value, "RUNNER_NOFILE_LIMIT", limits.nofile());
        }
        nofile = OptionalLong.of(soft);
        return null;
    }

    private String env(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            return "needs NAME=value (a bare NAME would copy Jobber's own variable), got \"" + value + "\"";
        }
        String name = value.substring(0, equals);
        if (!ENV_NAME.matcher(name).matches()) {
            return "needs a variable name of letters, digits and _, got \"" + name + "\"";
        }
        if (RUNNER_VARIABLES.contains(name) || name.toUpperCase(Locale.ROOT).startsWith("JOBBER_")) {
            return "may not set " + name + ", a variable of the runner itself";
        }
        env.put(name, value.substring(equals + 1));
        return null;
    }

    private String label(String value) {
        int equals = value.indexOf('=');
        String key = equals < 0 ? value : value.substring(0, equals);
        if (!LABEL_KEY.matcher(key).matches() || key.length() > 1024) {
            return "needs a key matching ^[a-zA-Z0-9._-]+$, got \"" + key + "\"";
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("jobber")) {
            return "may not set " + key + ": labels starting with jobber are Jobber's own";
        }
        labels.put(key, equals < 0 ? "" : value.substring(equals + 1));
        return null;
    }

    private String host(String value) {
        int separator = value.indexOf(':');
        int equals = value.indexOf('=');
        int at = equals > 0 && (separator < 0 || equals < separator) ? equals : separator;
        String name = at < 0 ? value : value.substring(0, at);
        String address = at < 0 ? "" : value.substring(at + 1);
        if (!HOST_NAME.matcher(name).matches() || !ADDRESS.matcher(address).matches()) {
            return "needs host:address, got \"" + value + "\"";
        }
        hosts.add(name + ":" + address);
        return null;
    }

    private static String exceeding(String value, String setting, Object limit) {
        return value + " exceeds " + setting + " (" + limit + "): a job may tighten the runner's limits, never "
                + "exceed them";
    }

    private static long count(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
