package dev.jobber.job.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import dev.jobber.common.api.JsonFields;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads and validates a job's {@code package.json} (README, "The job archive"), reporting every problem at once:
 * the top level here, {@code action} in {@link ActionParser}, {@code triggers} in {@link TriggersParser}. Stateless.
 */
public final class ManifestParser {

    /** Node major versions that have a runner image, newest first. */
    public static final List<Integer> NODE_MAJORS = List.of(24, 22, 20);
    private static final String SUMMARY = "Invalid package.json";
    private static final Set<String> SCRIPT_SCHEMES = Set.of("javascript", "vbscript", "data");

    private final ObjectMapper mapper;
    private final ActionParser actions;
    private final TriggersParser triggers;

    public ManifestParser(ObjectMapper mapper, ManifestLimits limits) {
        this.mapper = mapper;
        this.actions = new ActionParser(limits);
        this.triggers = new TriggersParser(limits);
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
            throw invalid("is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("must be a JSON object");
        }
        JsonFields fields = JsonFields.of(root);
        NulCharacters.refuse(fields);
        String name = fields.text("name", true, 1, 128).orElse(null);
        if (name != null && name.chars().anyMatch(Character::isISOControl)) {
            fields.error("name", "must not contain control characters");
        }
        String version = fields.text("version", true, 1, 32).orElse(null);
        String main = main(fields, fileExists);
        String description = fields.text("description", false, 0, 4096).orElse("");
        String type = fields.text("type", false, 0, 16).orElse(null);
        if (type != null && !type.equals("module") && !type.equals("commonjs")) {
            fields.error("type", "must be \"module\" or \"commonjs\", got \"" + type + "\"");
        }
        int nodeMajor = nodeMajor(fields);
        List<Manifest.Link> links = links(fields);
        ActionSettings action = actions.parse(fields);
        List<TriggerDefinition> triggerList = triggers.parse(fields);
        fields.validate(SUMMARY);
        return new Manifest(name, version, main, description, type, nodeMajor, links, action, triggerList,
                (ObjectNode) root);
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(SUMMARY, List.of(new FieldError("package.json", message)));
    }

    private static String main(JsonFields fields, Predicate<String> fileExists) {
        String main = fields.text("main", true, 1, 1024).orElse(null);
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
                    fields.error("main", "must stay inside the archive, got \"" + main + "\"");
                    return null;
                }
                normal.removeLast();
            } else {
                normal.add(segment);
            }
        }
        if (main.startsWith("/") || main.contains("\\") || normal.isEmpty()) {
            fields.error("main", "must be a relative path inside the archive like ./index.js, got \"" + main + "\"");
            return null;
        }
        String relative = String.join("/", normal);
        List<String> candidates = List.of(relative, relative + ".js", relative + ".mjs", relative + ".cjs",
                relative + ".json", relative + "/index.js", relative + "/index.mjs", relative + "/index.cjs",
                relative + "/package.json");
        if (candidates.stream().noneMatch(fileExists)) {
            fields.error("main", "\"" + main + "\" does not exist in the archive");
        }
        return "./" + relative;
    }

    private static int nodeMajor(JsonFields fields) {
        JsonNode engines = fields.get("engines");
        if (engines == null) {
            return NODE_MAJORS.getFirst();
        }
        if (!engines.isObject()) {
            fields.error("engines", "must be an object");
            return NODE_MAJORS.getFirst();
        }
        String range = fields.at(engines, "engines").text("node", false, 0, 256).orElse(null);
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
            fields.error("engines.node", "no runner image satisfies \"" + range + "\"; available are Node "
                    + NODE_MAJORS.reversed());
        } catch (IllegalArgumentException e) {
            fields.error("engines.node", e.getMessage());
        }
        return NODE_MAJORS.getFirst();
    }

    private static List<Manifest.Link> links(JsonFields fields) {
        List<Manifest.Link> result = new ArrayList<>();
        fields.forEachObject("links", "must be an array of {name, url}", "must be an object {name, url}", link -> {
            String name = link.text("name", true, 1, 256).orElse(null);
            String url = link.text("url", true, 1, 2048).orElse(null);
            if (url != null && !isAbsoluteUrl(url)) {
                link.error("url", "must be an absolute URL with a scheme, got \"" + url + "\"");
            } else if (url != null && SCRIPT_SCHEMES.contains(URI.create(url).getScheme().toLowerCase())) {
                link.error("url", "must not be a javascript:, vbscript: or data: URL");
            }
            result.add(new Manifest.Link(name, url));
        });
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
}
