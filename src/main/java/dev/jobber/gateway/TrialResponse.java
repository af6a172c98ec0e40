package dev.jobber.gateway;

import java.util.List;

/**
 * The gateway's answer to a {@link TrialRequest}: headers as name-value pairs in order (repeated ones kept), the body as
 * text, or base64 ({@code bodyBase64}) when it is not UTF-8, cut at {@link GatewayTrials#MAX_BODY} bytes
 * ({@code truncated}); {@code requestId} names the request in the job's logs, null when no runner took it.
 */
public record TrialResponse(int status, List<List<String>> headers, String body, boolean bodyBase64,
        boolean truncated, long durationMs, String requestId) {
}
