package dev.jobber.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.audit.Actor;
import dev.jobber.audit.AuditEntry;
import java.util.UUID;

/** An audit entry as the API shows it; {@code id} is the cursor for the next page ({@code ?before=}). */
public record AuditView(long id, String time, ActorView actor, String method, String route, String resource,
        String action, String change, int status, String outcome, JsonNode details, int suppressed,
        UUID requestId, String clientAddress) {

    /** {@code type} is user, token or anonymous; a token's {@code userId} and {@code username} are its owner's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActorView(String type, UUID userId, String username, UUID tokenId) {
    }

    static AuditView of(AuditEntry entry) {
        Actor actor = entry.actor();
        return new AuditView(entry.id(), entry.time().toString(),
                new ActorView(actor.type().json(), actor.userId(), actor.username(), actor.tokenId()),
                entry.method(), entry.route(), entry.resource(), entry.action(), entry.change(), entry.status(),
                entry.outcome(), entry.details(), entry.suppressed(), entry.requestId(), entry.clientAddress());
    }
}
