package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;
import dev.jobber.common.syntax.JsRegex;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code {"type":"http", hostname?, method?, path?}}; a path starting with {@code ^} is a JavaScript regex. */
final class HttpTriggerParser implements TriggerParser {

    private static final Pattern HTTP_TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");

    @Override
    public TriggerDefinition parse(JsonFields trigger, String name, ObjectNode context) {
        String hostname = trigger.text("hostname", false, 1, 261).orElse(null);
        String method = trigger.text("method", false, 1, 32).orElse(null);
        if (method != null && !HTTP_TOKEN.matcher(method).matches()) {
            trigger.error("method", "is not an HTTP method: \"" + method + "\"");
        }
        String path = trigger.text("path", false, 1, 4096).orElse(null);
        if (path != null && path.startsWith("^")) {
            try {
                JsRegex.compile(path);
            } catch (PatternSyntaxException e) {
                trigger.error("path", "invalid regular expression \"" + path + "\": " + e.getDescription());
            }
        }
        return new TriggerDefinition.Http(name, hostname, method, path, context);
    }
}
