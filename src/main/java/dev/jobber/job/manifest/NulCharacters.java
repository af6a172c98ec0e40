package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.common.api.JsonFields;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The manifest is kept as PostgreSQL {@code jsonb}, which cannot hold U+0000: a name or text containing it is
 * refused (the first {@link #MAX_ERRORS} found are named). Iterative, as manifests may nest deeply.
 */
final class NulCharacters {

    private static final int MAX_ERRORS = 10;

    private NulCharacters() {
    }

    static void refuse(JsonFields root) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("", root.node()));
        int found = 0;
        while (!pending.isEmpty() && found < MAX_ERRORS) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
                root.error(path, "must not contain the NUL character (\\u0000)");
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
                        root.error(child, "names must not contain the NUL character (\\u0000)");
                        found++;
                    } else {
                        pending.push(Map.entry(child, field.getValue()));
                    }
                }
            }
        }
    }
}
