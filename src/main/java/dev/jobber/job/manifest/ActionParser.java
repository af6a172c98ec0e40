package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.common.api.JsonFields;

/** Checks {@code action} and applies its defaults. */
final class ActionParser {

    private static final String MAX_RUNNERS = "the most runners this instance runs at once, RUNNER_MAX_TOTAL";

    private final ManifestLimits limits;

    ActionParser(ManifestLimits limits) {
        this.limits = limits;
    }

    ActionSettings parse(JsonFields root) {
        JsonNode node = root.get("action");
        if (node != null && !node.isObject()) {
            root.error("action", "must be an object");
            node = null;
        }
        JsonFields action = root.at(node, "action");
        boolean asynchronous = bool(action, "runnerAsynchronous", ActionSettings.DEFAULT_ASYNCHRONOUS);
        int min = count(action, "runnerMinCount", Math.min(ActionSettings.DEFAULT_MIN_COUNT, limits.maxRunners()),
                limits.maxRunners(), MAX_RUNNERS);
        int max = count(action, "runnerMaxCount", Math.min(ActionSettings.DEFAULT_MAX_COUNT, limits.maxRunners()),
                limits.maxRunners(), MAX_RUNNERS);
        int timeout = count(action, "runnerTimeout", ActionSettings.DEFAULT_TIMEOUT, ManifestLimits.MAX_TIMEOUT,
                "one day");
        int idle = count(action, "runnerMaxIdleAge", ActionSettings.DEFAULT_MAX_IDLE_AGE, ManifestLimits.MAX_AGE,
                "30 days");
        int age = count(action, "runnerMaxAge", ActionSettings.DEFAULT_MAX_AGE, ManifestLimits.MAX_AGE, "30 days");
        int hard = count(action, "runnerMaxAgeHard", ActionSettings.DEFAULT_MAX_AGE_HARD, ManifestLimits.MAX_AGE,
                "30 days");
        RunnerMode mode = mode(action);
        if (max > 0 && min > max) {
            action.error("runnerMinCount", "must be ≤ runnerMaxCount (" + min + " > " + max + ")");
        }
        if (age > 0 && hard > 0 && age > hard) {
            action.error("runnerMaxAge", "must be ≤ runnerMaxAgeHard (" + age + " > " + hard + ")");
        }
        DockerArguments docker = DockerArgumentsParser.parse(action, limits.container());
        return new ActionSettings(asynchronous, min, max, timeout, idle, age, hard, mode, docker);
    }

    /** {@code true} or {@code false}, as JSON or as text. */
    private static boolean bool(JsonFields action, String key, boolean fallback) {
        JsonNode value = action.get(key);
        if (value != null && value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        return action.bool(key).orElse(fallback);
    }

    private static int count(JsonFields action, String key, int fallback, int maximum, String whatMaximumIs) {
        JsonNode value = action.get(key);
        if (value == null) {
            return fallback;
        }
        Integer parsed = ManifestNumbers.integer(value);
        if (parsed == null || parsed < 0) {
            action.error(key, "must be a non-negative integer, got " + value);
            return fallback;
        }
        if (parsed > maximum) {
            action.error(key, "must be at most " + maximum + " (" + whatMaximumIs + "), got " + parsed);
            return fallback;
        }
        return parsed;
    }

    private static RunnerMode mode(JsonFields action) {
        String name = action.text("runnerMode", false, 1, 16).orElse(null);
        if (name == null) {
            return RunnerMode.STANDARD;
        }
        return RunnerMode.fromManifest(name).orElseGet(() -> {
            action.error("runnerMode", "must be \"standard\" or \"run-once\", got \"" + name + "\"");
            return RunnerMode.STANDARD;
        });
    }
}
