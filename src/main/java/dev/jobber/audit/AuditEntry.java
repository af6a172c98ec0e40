package dev.jobber.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One audited request: who, which route and resource, what changed (before and after, never a secret), how it ended,
 * and where it came from. {@code id} is empty until stored; {@code suppressed} counts refused requests of the same
 * caller or address that were only counted just before this one.
 */
public record AuditEntry(Long id, Instant time, Actor actor, String method, String route, String resource,
        String action, String change, int status, JsonNode details, UUID requestId, String clientAddress,
        int suppressed) {

    /** {@code success} (2xx/3xx), {@code denied} (401, 403) or {@code failure}. */
    public String outcome() {
        if (status == 401 || status == 403) {
            return "denied";
        }
        return status < 400 ? "success" : "failure";
    }

    public AuditEntry withSuppressed(int count) {
        return new AuditEntry(id, time, actor, method, route, resource, action, change, status, details, requestId,
                clientAddress, count);
    }
}
