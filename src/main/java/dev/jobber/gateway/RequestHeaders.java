package dev.jobber.gateway;

import dev.jobber.auth.SessionCookie;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request headers a function receives: all of the client's but the hop-by-hop ones (which concern only the
 * connection to the gateway) and Jobber's own session cookie. Browsers send the cookies of a host to all of its
 * ports, so without this an administrator following a link to a function would hand it their session.
 */
final class RequestHeaders {

    /** Hop-by-hop headers (RFC 9110 §7.6.1), and the credentials a client gives a proxy. */
    private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authorization"};

    private RequestHeaders() {
    }

    /** The headers to forward, as {@code [[name, value], …]} in the order received. */
    static List<Map.Entry<String, String>> forwarded(MultiMap headers) {
        List<String> connection = headers.contains(HttpHeaders.CONNECTION) ? headers.getAll(HttpHeaders.CONNECTION)
                : List.of();
        List<Map.Entry<String, String>> forwarded = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (isHopByHop(name) || namedByConnection(connection, name)) {
                continue;
            }
            String value = header.getValue();
            if (name.equalsIgnoreCase("cookie")) {
                value = withoutSessionCookies(value);
                if (value.isEmpty()) {
                    continue;
                }
            }
            forwarded.add(Map.entry(name, value));
        }
        return forwarded;
    }

    static boolean isHopByHop(String name) {
        for (String hop : HOP_BY_HOP) {
            if (hop.length() == name.length() && hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a {@code Connection} header lists {@code name} among its comma-separated options. */
    private static boolean namedByConnection(List<String> connection, String name) {
        for (String value : connection) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                int from = start;
                int to = end;
                while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                    from++;
                }
                while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                    to--;
                }
                if (to - from == name.length() && value.regionMatches(true, from, name, 0, name.length())) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    /** A {@code Cookie} header's value without Jobber's session cookies; empty when nothing else is left. */
    static String withoutSessionCookies(String cookies) {
        if (!containsIgnoreCase(cookies, SessionCookie.PLAIN)) {
            return cookies;
        }
        StringBuilder kept = new StringBuilder(cookies.length());
        for (String pair : cookies.split(";")) {
            String trimmed = pair.strip();
            int equals = trimmed.indexOf('=');
            String name = (equals < 0 ? trimmed : trimmed.substring(0, equals)).strip();
            if (trimmed.isEmpty() || SessionCookie.isSession(name)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.toString();
    }

    private static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
