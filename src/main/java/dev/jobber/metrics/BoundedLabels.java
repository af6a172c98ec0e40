package dev.jobber.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the label values of one version that come from outside, so its series stay few: request methods to the
 * standard ones, status codes to 100..599, hosts to those configured in triggers or the first {@value #MAX_HOSTS}
 * seen, topics to the first {@value #MAX_TOPICS}; the rest count as {@value #OTHER}.
 */
final class BoundedLabels {

    static final int MAX_HOSTS = 16;
    static final int MAX_TOPICS = 32;
    static final int MAX_LABEL_LENGTH = 128;
    static final String OTHER = "other";
    private static final String[] STATUS = new String[600];

    static {
        for (int status = 100; status < STATUS.length; status++) {
            STATUS[status] = Integer.toString(status);
        }
    }

    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    static String method(String method) {
        if (method == null) {
            return OTHER;
        }
        String known = standardMethod(method);
        if (known == null) {
            known = standardMethod(method.toUpperCase(Locale.ROOT));
        }
        return known != null ? known : OTHER;
    }

    private static String standardMethod(String method) {
        return switch (method) {
            case "GET" -> "GET";
            case "HEAD" -> "HEAD";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "PATCH" -> "PATCH";
            case "OPTIONS" -> "OPTIONS";
            case "CONNECT" -> "CONNECT";
            case "TRACE" -> "TRACE";
            default -> null;
        };
    }

    static String status(int status) {
        return status >= 100 && status < STATUS.length ? STATUS[status] : OTHER;
    }

    /** The trigger's hostname when it has one, else the Host header while fewer than the maximum were seen. */
    String host(String configuredHost, String requestHost) {
        if (configuredHost != null) {
            return configuredHost.toLowerCase(Locale.ROOT);
        }
        if (requestHost == null || requestHost.isEmpty()) {
            return "";
        }
        if (requestHost.length() > MAX_LABEL_LENGTH) {
            return OTHER;
        }
        return firstSeen(hosts, MAX_HOSTS, requestHost.toLowerCase(Locale.ROOT));
    }

    /** The topic while fewer than the maximum were seen; an empty or overlong one takes a place as {@value #OTHER}. */
    String topic(String topic) {
        String label = topic == null || topic.isEmpty() || topic.length() > MAX_LABEL_LENGTH ? OTHER : topic;
        return firstSeen(topics, MAX_TOPICS, label);
    }

    private static String firstSeen(Set<String> seen, int max, String label) {
        if (seen.contains(label)) {
            return label;
        }
        synchronized (seen) {
            if (seen.size() < max) {
                seen.add(label);
                return label;
            }
        }
        return OTHER;
    }
}
