package dev.jobber.job.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import dev.jobber.common.syntax.CronExpression;
import dev.jobber.common.syntax.JsRegex;
import dev.jobber.common.syntax.TopicFilter;
import dev.jobber.config.RunnerConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a job's {@code package.json} (SPEC §2), reporting every problem at once. Stateless.
 */
public final class ManifestParser {

    /** Node major versions that have a runner image, newest first. */
    public static final List<Integer> NODE_MAJORS = List.of(24, 22, 20);
    private static final int MAX_NUL_ERRORS = 10;

    private static final Pattern DOCKER_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Pattern LABEL_PART = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final Pattern MEMORY_LIMIT = Pattern.compile("^\\d+[bkmg]$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Pattern HTTP_TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
    private static final Set<String> SCRIPT_SCHEMES = Set.of("javascript", "vbscript", "data");
    private static final Set<String> MQTT_PROTOCOLS = Set.of("mqtt", "mqtts", "ws", "wss");
    private static final List<String> MQTT_STRING_FIELDS = List.of("host", "username", "password", "clientId");

    private static final long MIN_MEMORY_LIMIT = RunnerConfig.MIN_MEMORY_LIMIT;

    private final ObjectMapper mapper;
    private final ManifestLimits limits;

    public ManifestParser(ObjectMapper mapper, ManifestLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    /**
     * @param json       the bytes of {@code package.json}
     * @param fileExists whether the archive holds a file at a path relative to its root (no leading {@code ./})
     * @throws ValidationException listing every problem, fields named like {@code triggers[2].cron}
     */
    public Manifest parse(byte[] json, Predicate<String> fileExists) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("package.json", "is not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw invalid(List.of(new FieldError("package.json", "could not be read: " + e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw invalid(List.of(new FieldError("package.json", "must be a JSON object")));
        }
        Check check = new Check();
        refuseNul(check, root);
        String name = check.requiredString(root, "name", "name", 1, 128);
        if (name != null && name.chars().anyMatch(Character::isISOControl)) {
            check.error("name", "must not contain control characters");
        }
        String version = check.requiredString(root, "version", "version", 1, 32);
        String main = main(check, root, fileExists);
        String description = check.optionalString(root, "description", "description", 0, 4096, "");
        String type = check.optionalString(root, "type", "type", 0, 16, null);
        if (type != null && !type.equals("module") && !type.equals("commonjs")) {
            check.error("type", "must be \"module\" or \"commonjs\", got \"" + type + "\"");
        }
        int nodeMajor = nodeMajor(check, root);
        List<Manifest.Link> links = links(check, root.get("links"));
        ActionSettings action = new ActionParser(check, limits).parse(root.get("action"));
        List<TriggerDefinition> triggers = triggers(check, root.get("triggers"));
        if (!check.errors.isEmpty()) {
            throw invalid(check.errors);
        }
        return new Manifest(name, version, main, description, type, nodeMajor, links, action, triggers,
                (ObjectNode) root);
    }

    /**
     * The manifest is kept as PostgreSQL {@code jsonb}, which cannot hold U+0000: a name or text containing it is
     * refused (the first {@link #MAX_NUL_ERRORS} found are named). Iterative, as manifests may nest deeply.
     */
    private static void refuseNul(Check check, JsonNode root) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("", root));
        int found = 0;
        while (!pending.isEmpty() && found < MAX_NUL_ERRORS) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
                check.error(path, "must not contain the NUL character (\\u0000)");
                found++;
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String key = field.getKey();
                    String shown = key.replace("\0", "\\u0000");
                    String child = path.isEmpty() ? shown : path + "." + shown;
                    if (key.indexOf('\0') >= 0) {
                        check.error(child, "names must not contain the NUL character (\\u0000)");
                        found++;
                    } else {
                        pending.push(Map.entry(child, field.getValue()));
                    }
                }
            }
        }
    }

    private static ValidationException invalid(List<FieldError> errors) {
        return new ValidationException("Invalid package.json", errors);
    }

    private static String main(Check check, JsonNode root, Predicate<String> fileExists) {
        String main = check.requiredString(root, "main", "main", 1, 1024);
        if (main == null) {
            return null;
        }
        String path = main.startsWith("./") ? main.substring(2) : main;
        List<String> normal = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (normal.isEmpty()) {
                    check.error("main", "must stay inside the archive, got \"" + main + "\"");
                    return null;
                }
                normal.removeLast();
            } else {
                normal.add(segment);
            }
        }
        if (main.startsWith("/") || main.contains("\\") || normal.isEmpty()) {
            check.error("main", "must be a relative path inside the archive like ./index.js, got \"" + main + "\"");
            return null;
        }
        String relative = String.join("/", normal);
        List<String> candidates = List.of(relative, relative + ".js", relative + ".mjs", relative + ".cjs",
                relative + ".json", relative + "/index.js", relative + "/index.mjs", relative + "/index.cjs",
                relative + "/package.json");
        if (candidates.stream().noneMatch(fileExists)) {
            check.error("main", "\"" + main + "\" does not exist in the archive");
        }
        return "./" + relative;
    }

    private static int nodeMajor(Check check, JsonNode root) {
        JsonNode engines = root.get("engines");
        if (engines == null || engines.isNull()) {
            return NODE_MAJORS.getFirst();
        }
        if (!engines.isObject()) {
            check.error("engines", "must be an object");
            return NODE_MAJORS.getFirst();
        }
        String range = check.optionalString(engines, "node", "engines.node", 0, 256, null);
        if (range == null) {
            return NODE_MAJORS.getFirst();
        }
        try {
            NodeVersionRange parsed = NodeVersionRange.parse(range);
            for (int major : NODE_MAJORS) {
                if (parsed.allowsMajor(major)) {
                    return major;
                }
            }
            check.error("engines.node", "no runner image satisfies \"" + range + "\"; available are Node "
                    + NODE_MAJORS.reversed());
        } catch (IllegalArgumentException e) {
            check.error("engines.node", e.getMessage());
        }
        return NODE_MAJORS.getFirst();
    }

    private static List<Manifest.Link> links(Check check, JsonNode links) {
        List<Manifest.Link> result = new ArrayList<>();
        if (links == null || links.isNull()) {
            return result;
        }
        if (!links.isArray()) {
            check.error("links", "must be an array of {name, url}");
            return result;
        }
        for (int i = 0; i < links.size(); i++) {
            String field = "links[" + i + "]";
            JsonNode link = links.get(i);
            if (!link.isObject()) {
                check.error(field, "must be an object {name, url}");
                continue;
            }
            String name = check.requiredString(link, "name", field + ".name", 1, 256);
            String url = check.requiredString(link, "url", field + ".url", 1, 2048);
            if (url != null && !isAbsoluteUrl(url)) {
                check.error(field + ".url", "must be an absolute URL with a scheme, got \"" + url + "\"");
            } else if (url != null && SCRIPT_SCHEMES.contains(URI.create(url).getScheme().toLowerCase())) {
                check.error(field + ".url", "must not be a javascript:, vbscript: or data: URL");
            }
            result.add(new Manifest.Link(name, url));
        }
        return result;
    }

    private static boolean isAbsoluteUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && (uri.isOpaque() || uri.getRawAuthority() != null || uri.getRawPath() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private List<TriggerDefinition> triggers(Check check, JsonNode triggers) {
        List<TriggerDefinition> result = new ArrayList<>();
        if (triggers == null || triggers.isNull()) {
            return result;
        }
        if (!triggers.isArray()) {
            check.error("triggers", "must be an array");
            return result;
        }
        if (triggers.size() > limits.maxTriggers()) {
            check.error("triggers", "at most " + limits.maxTriggers() + " triggers per version are allowed, got "
                    + triggers.size());
            return result;
        }
        for (int i = 0; i < triggers.size(); i++) {
            String field = "triggers[" + i + "]";
            JsonNode trigger = triggers.get(i);
            if (!trigger.isObject()) {
                check.error(field, "must be an object");
                continue;
            }
            ObjectNode context = (ObjectNode) trigger;
            String type = check.requiredString(trigger, "type", field + ".type", 1, 16);
            String name = check.optionalString(trigger, "name", field + ".name", 0, 256, null);
            if (type == null) {
                continue;
            }
            switch (type) {
                case "http" -> result.add(http(check, field, name, context));
                case "schedule" -> result.add(schedule(check, field, name, context, limits.scheduleMinInterval()));
                case "mqtt" -> result.add(mqtt(check, field, name, context));
                default -> check.error(field + ".type", "must be http, schedule or mqtt, got \"" + type + "\"");
            }
        }
        return result;
    }

    private static TriggerDefinition http(Check check, String field, String name, ObjectNode trigger) {
        String hostname = check.optionalString(trigger, "hostname", field + ".hostname", 1, 261, null);
        String method = check.optionalString(trigger, "method", field + ".method", 1, 32, null);
        if (method != null && !HTTP_TOKEN.matcher(method).matches()) {
            check.error(field + ".method", "is not an HTTP method: \"" + method + "\"");
        }
        String path = check.optionalString(trigger, "path", field + ".path", 1, 4096, null);
        if (path != null && path.startsWith("^")) {
            try {
                JsRegex.compile(path);
            } catch (PatternSyntaxException e) {
                check.error(field + ".path", "invalid regular expression \"" + path + "\": " + e.getDescription());
            }
        }
        return new TriggerDefinition.Http(name, hostname, method, path, trigger);
    }

    private static TriggerDefinition schedule(Check check, String field, String name, ObjectNode trigger,
            Duration minInterval) {
        String cron = check.requiredString(trigger, "cron", field + ".cron", 1, 256);
        if (cron != null) {
            try {
                Duration shortest = CronExpression.parse(cron).shortestInterval();
                if (shortest.compareTo(minInterval) < 0) {
                    check.error(field + ".cron", "\"" + cron + "\" can run " + shortest.toSeconds()
                            + " s after its previous run; schedules may run at most every " + minInterval.toSeconds()
                            + " s");
                }
            } catch (IllegalArgumentException e) {
                check.error(field + ".cron", e.getMessage());
            }
        }
        String timezone = check.optionalString(trigger, "timezone", field + ".timezone", 1, 64, null);
        if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
            check.error(field + ".timezone", "unknown IANA time zone \"" + timezone + "\"");
        }
        return new TriggerDefinition.Schedule(name, cron, timezone, trigger);
    }

    private static TriggerDefinition mqtt(Check check, String field, String name, ObjectNode trigger) {
        List<String> topics = new ArrayList<>();
        JsonNode topicsNode = trigger.get("topics");
        if (topicsNode == null || !topicsNode.isArray() || topicsNode.isEmpty()) {
            check.error(field + ".topics", "must be a non-empty array of topic filters");
        } else {
            for (int t = 0; t < topicsNode.size(); t++) {
                JsonNode topic = topicsNode.get(t);
                String topicField = field + ".topics[" + t + "]";
                if (!topic.isTextual()) {
                    check.error(topicField, "must be a string");
                    continue;
                }
                TopicFilter.problem(topic.asText()).ifPresentOrElse(
                        p -> check.error(topicField, "invalid topic filter \"" + topic.asText() + "\": " + p),
                        () -> topics.add(topic.asText()));
            }
        }
        JsonNode connection = trigger.get("connection");
        if (connection == null || !connection.isObject()) {
            check.error(field + ".connection", "must be an object {protocol, host, port, …}");
            return new TriggerDefinition.Mqtt(name, topics, null, trigger);
        }
        String prefix = field + ".connection.";
        String protocol = check.optionalString(connection, "protocol", prefix + "protocol", 1, 8, null);
        if (protocol != null && !MQTT_PROTOCOLS.contains(protocol)) {
            check.error(prefix + "protocol", "must be mqtt, mqtts, ws or wss, got \"" + protocol + "\"");
        }
        for (String key : List.of("protocol", "host", "port", "username", "password", "clientId")) {
            String variable = check.optionalString(connection, key + "Variable", prefix + key + "Variable", 1, 128,
                    null);
            if (variable != null && !ENV_NAME.matcher(variable).matches()) {
                check.error(prefix + key + "Variable", "must name an environment variable, got \"" + variable + "\"");
            }
        }
        for (String key : MQTT_STRING_FIELDS) {
            check.optionalString(connection, key, prefix + key, 0, 1024, null);
        }
        JsonNode version = connection.get("version");
        if (version != null && !version.isNull() && !Set.of("5", "3.1.1").contains(version.asText())) {
            check.error(prefix + "version", "must be \"5\" or \"3.1.1\" (leave it out to try 5, then 3.1.1), got "
                    + version);
        }
        if (!hasValue(connection, "host") && !hasValue(connection, "hostVariable")) {
            check.error(prefix + "host", "is required (or hostVariable)");
        }
        JsonNode port = connection.get("port");
        if (port != null && !port.isNull()) {
            Integer value = Check.integer(port);
            if (value == null || value < 1 || value > 65535) {
                check.error(prefix + "port", "must be a port number 1–65535, got " + port);
            }
        }
        return new TriggerDefinition.Mqtt(name, topics, (ObjectNode) connection, trigger);
    }

    private static boolean hasValue(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() && !value.asText().isEmpty();
    }

    /** Checks {@code action} and applies its defaults. */
    private static final class ActionParser {
        private final Check check;
        private final ManifestLimits limits;

        ActionParser(Check check, ManifestLimits limits) {
            this.check = check;
            this.limits = limits;
        }

        ActionSettings parse(JsonNode action) {
            if (action != null && !action.isNull() && !action.isObject()) {
                check.error("action", "must be an object");
                action = null;
            }
            JsonNode a = action == null || action.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode() : action;
            boolean asynchronous = bool(a, "runnerAsynchronous", ActionSettings.DEFAULT_ASYNCHRONOUS);
            String runners = "the most runners this instance runs at once, RUNNER_MAX_TOTAL";
            int min = count(a, "runnerMinCount", Math.min(ActionSettings.DEFAULT_MIN_COUNT, limits.maxRunners()),
                    limits.maxRunners(), runners);
            int max = count(a, "runnerMaxCount", Math.min(ActionSettings.DEFAULT_MAX_COUNT, limits.maxRunners()),
                    limits.maxRunners(), runners);
            int timeout = count(a, "runnerTimeout", ActionSettings.DEFAULT_TIMEOUT, ManifestLimits.MAX_TIMEOUT,
                    "one day");
            int idle = count(a, "runnerMaxIdleAge", ActionSettings.DEFAULT_MAX_IDLE_AGE, ManifestLimits.MAX_AGE,
                    "30 days");
            int age = count(a, "runnerMaxAge", ActionSettings.DEFAULT_MAX_AGE, ManifestLimits.MAX_AGE, "30 days");
            int hard = count(a, "runnerMaxAgeHard", ActionSettings.DEFAULT_MAX_AGE_HARD, ManifestLimits.MAX_AGE,
                    "30 days");
            RunnerMode mode = RunnerMode.STANDARD;
            String modeName = check.optionalString(a, "runnerMode", "action.runnerMode", 1, 16, null);
            if (modeName != null) {
                mode = RunnerMode.fromManifest(modeName).orElse(null);
                if (mode == null) {
                    check.error("action.runnerMode", "must be \"standard\" or \"run-once\", got \"" + modeName + "\"");
                    mode = RunnerMode.STANDARD;
                }
            }
            if (max > 0 && min > max) {
                check.error("action.runnerMinCount", "must be ≤ runnerMaxCount (" + min + " > " + max + ")");
            }
            if (age > 0 && hard > 0 && age > hard) {
                check.error("action.runnerMaxAge", "must be ≤ runnerMaxAgeHard (" + age + " > " + hard + ")");
            }
            ObjectNode docker = dockerArguments(a.get("runnerDockerArguments"));
            return new ActionSettings(asynchronous, min, max, timeout, idle, age, hard, mode, docker);
        }

        private boolean bool(JsonNode a, String key, boolean fallback) {
            JsonNode value = a.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                return Boolean.parseBoolean(value.asText());
            }
            check.error("action." + key, "must be true or false, got " + value);
            return fallback;
        }

        private int count(JsonNode a, String key, int fallback, int maximum, String whatMaximumIs) {
            JsonNode value = a.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            Integer parsed = Check.integer(value);
            if (parsed == null || parsed < 0) {
                check.error("action." + key, "must be a non-negative integer, got " + value);
                return fallback;
            }
            if (parsed > maximum) {
                check.error("action." + key, "must be at most " + maximum + " (" + whatMaximumIs + "), got " + parsed);
                return fallback;
            }
            return parsed;
        }

        private ObjectNode dockerArguments(JsonNode node) {
            if (node == null || node.isNull()) {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            String f = "action.runnerDockerArguments";
            if (!node.isObject()) {
                check.error(f, "must be an object");
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            JsonNode networks = node.get("networks");
            if (networks != null && !networks.isNull()) {
                forEachElement(networks, f + ".networks", (element, ef) -> {
                    if (!element.isTextual() || !DOCKER_NAME.matcher(element.asText()).matches()) {
                        check.error(ef, "must be a Docker network name, got " + element);
                    }
                });
            }
            JsonNode volumes = node.get("volumes");
            if (volumes != null && !volumes.isNull()) {
                forEachElement(volumes, f + ".volumes", (element, ef) -> {
                    if (!element.isObject()) {
                        check.error(ef, "must be an object {source, target, mode}");
                        return;
                    }
                    check.requiredString(element, "source", ef + ".source", 1, 4096);
                    String target = check.requiredString(element, "target", ef + ".target", 1, 4096);
                    if (target != null && !target.startsWith("/")) {
                        check.error(ef + ".target", "must be an absolute path, got \"" + target + "\"");
                    }
                    String mode = check.optionalString(element, "mode", ef + ".mode", 1, 2, null);
                    if (mode != null && !mode.equals("rw") && !mode.equals("ro")) {
                        check.error(ef + ".mode", "must be \"rw\" or \"ro\", got \"" + mode + "\"");
                    }
                });
            }
            JsonNode labels = node.get("labels");
            if (labels != null && !labels.isNull()) {
                forEachElement(labels, f + ".labels", (element, ef) -> {
                    if (!element.isObject()) {
                        check.error(ef, "must be an object {key, value}");
                        return;
                    }
                    for (String part : List.of("key", "value")) {
                        String value = check.requiredString(element, part, ef + "." + part, 1, 1024);
                        if (value != null && !LABEL_PART.matcher(value).matches()) {
                            check.error(ef + "." + part, "must match ^[a-zA-Z0-9._-]+$, got \"" + value + "\"");
                        }
                    }
                });
            }
            String memory = check.optionalString(node, "memoryLimit", f + ".memoryLimit", 1, 32, null);
            if (memory != null && !MEMORY_LIMIT.matcher(memory).matches()) {
                check.error(f + ".memoryLimit", "must be a number followed by b, k, m or g (like 512m), got \""
                        + memory + "\"");
            } else if (memory != null && memoryBytes(memory).compareTo(BigInteger.valueOf(MIN_MEMORY_LIMIT)) < 0) {
                check.error(f + ".memoryLimit", "must be at least 32m (a runner needs that much; 0 does not mean"
                        + " unlimited), got \"" + memory + "\"");
            } else if (memory != null && memoryBytes(memory).bitLength() > 62) {
                check.error(f + ".memoryLimit", "is too large, got \"" + memory + "\"");
            }
            JsonNode passthrough = node.get("directPassthroughArguments");
            if (passthrough != null && !passthrough.isNull()) {
                forEachElement(passthrough, f + ".directPassthroughArguments", (element, ef) -> {
                    if (!element.isTextual()) {
                        check.error(ef, "must be a string");
                    }
                });
            }
            return (ObjectNode) node;
        }

        private void forEachElement(JsonNode array, String field, java.util.function.BiConsumer<JsonNode, String> each) {
            if (!array.isArray()) {
                check.error(field, "must be an array");
                return;
            }
            for (int i = 0; i < array.size(); i++) {
                each.accept(array.get(i), field + "[" + i + "]");
            }
        }
    }

    /** Bytes of a memoryLimit that matches {@link #MEMORY_LIMIT}. */
    private static BigInteger memoryBytes(String limit) {
        BigInteger value = new BigInteger(limit.substring(0, limit.length() - 1));
        int shift = switch (Character.toLowerCase(limit.charAt(limit.length() - 1))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return value.shiftLeft(shift);
    }

    /** Collects problems while reading fields. */
    private static final class Check {
        final List<FieldError> errors = new ArrayList<>();

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        String requiredString(JsonNode node, String key, String field, int min, int max) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                error(field, "is required");
                return null;
            }
            return string(value, field, min, max);
        }

        String optionalString(JsonNode node, String key, String field, int min, int max, String fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            String result = string(value, field, min, max);
            return result == null ? fallback : result;
        }

        private String string(JsonNode value, String field, int min, int max) {
            if (!value.isTextual()) {
                error(field, "must be a string, got " + value.getNodeType().name().toLowerCase());
                return null;
            }
            String text = value.asText();
            int length = text.codePointCount(0, text.length());
            if (length < min || length > max) {
                error(field, min == max ? "must be " + min + " characters"
                        : min > 0 ? "must be " + min + " to " + max + " characters, got " + length
                        : "must be at most " + max + " characters, got " + length);
                return null;
            }
            return text;
        }

        /** A JSON integer or a string of digits (SPEC Ext), or null when it is neither or too large. */
        static Integer integer(JsonNode value) {
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e9) {
                return (int) value.asDouble();
            }
            if (value.isTextual() && value.asText().trim().matches("-?\\d{1,9}")) {
                return Integer.parseInt(value.asText().trim());
            }
            return null;
        }
    }
}
