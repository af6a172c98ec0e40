package dev.jobber.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.ApiToken;
import java.util.UUID;

/** An API token as the API shows it; {@code token} (the secret) only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(UUID id, String token, UUID userId, String description, JsonNode permissions, String status,
        String created, String expires) {

    static TokenView of(ApiToken token, String secret) {
        return new TokenView(token.id(), secret, token.userId(), token.description(), token.permissions().toJson(),
                token.enabled() ? "enabled" : "disabled", token.created().toString(), token.expires().toString());
    }
}
