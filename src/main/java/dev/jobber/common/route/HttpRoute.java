package dev.jobber.common.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What an HTTP trigger serves: a hostname (compared with the Host header, any case), a method (any case) and a path
 * (exact, or a JavaScript regular expression when it starts with {@code ^}); a null field matches anything.
 */
public record HttpRoute(String hostname, String method, String path) {

    /** The route of a manifest's HTTP trigger object; fields that are absent, null or not text are wildcards. */
    public static HttpRoute of(JsonNode trigger) {
        return new HttpRoute(text(trigger, "hostname"), text(trigger, "method"), text(trigger, "path"));
    }

    public boolean isRegex() {
        return path != null && path.startsWith("^");
    }

    /** Whether a request with this Host header and method may reach this route (its path aside). */
    public boolean accepts(String host, String requestMethod) {
        return (hostname == null || hostname.equalsIgnoreCase(host))
                && (method == null || method.equalsIgnoreCase(requestMethod));
    }

    /**
     * Whether one of the two routes would take requests meant for the other: some hostname and method both accept,
     * and the same exact path, the same regular expression, or no path on either.
     */
    public boolean overlaps(HttpRoute other) {
        return same(hostname, other.hostname) && same(method, other.method)
                && (path == null ? other.path == null : path.equals(other.path));
    }

    /** As a manifest author would recognise it, like {@code GET example.com/hello} or {@code * * *}. */
    public String describe() {
        return (method == null ? "*" : method.toUpperCase(Locale.ROOT)) + " " + (hostname == null ? "*" : hostname)
                + " " + (path == null ? "*" : path);
    }

    private static boolean same(String a, String b) {
        return a == null || b == null || a.equalsIgnoreCase(b);
    }

    private static String text(JsonNode trigger, String field) {
        JsonNode value = trigger.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
