package dev.jobber.gateway;

import java.util.Map;

/**
 * A request the panel's "Try it" sends to a job through the gateway. {@code path} starts with {@code /} and may carry a
 * query; {@code headers} are sent but for hop-by-hop ones, Cookie, Authorization and Host; {@code body} may be null.
 */
public record TrialRequest(String method, String path, Map<String, String> headers, String body) {
}
