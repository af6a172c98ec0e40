package dev.jobber.auth;

import dev.jobber.common.Fields;
import dev.jobber.common.NotFoundException;
import dev.jobber.common.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens. A token belongs to the user who created it (directly or with another of their tokens), holds at most
 * its author's permissions, and is shown once: only the hash of its secret is stored.
 */
@ApplicationScoped
public class TokenService {

    static final long TTL_MIN = 60;
    static final long TTL_MAX = 157_680_000;
    static final int DESCRIPTION_MAX = 1024;

    private final AuthRepository repository;
    private final AuthNotes audit;

    public TokenService(AuthRepository repository, AuthNotes audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** A token and its secret, which is never shown again. */
    public record Created(ApiToken token, String secret) {
    }

    /** Requested changes; empty fields stay as they are. */
    public record Changes(Optional<String> description, Optional<Permissions> permissions, Optional<Boolean> enabled) {
    }

    public List<ApiToken> list(Caller caller) {
        return repository.tokens().stream()
                .filter(t -> caller.allows("api-tokens/" + t.id(), PermissionAction.READ)).toList();
    }

    public ApiToken get(UUID id) {
        return repository.token(id).orElseThrow(() -> new NotFoundException("API token not found: " + id));
    }

    public Created create(Caller caller, String description, Permissions permissions, long ttlSeconds) {
        validateDescription(description);
        if (ttlSeconds < TTL_MIN || ttlSeconds > TTL_MAX) {
            throw ValidationException.of("ttl", "must be " + TTL_MIN + " to " + TTL_MAX + " seconds");
        }
        UserService.requireGrantable(caller, permissions);
        Instant now = Instant.now();
        if (caller.isToken() && now.plusSeconds(ttlSeconds).isAfter(caller.expires())) {
            long left = Math.max(0, Duration.between(now, caller.expires()).toSeconds());
            throw ValidationException.of("ttl", "must not outlive the token making the request: at most " + left
                    + " seconds");
        }
        String secret = Secrets.generate(Authenticator.TOKEN_PREFIX);
        ApiToken token = new ApiToken(UUID.randomUUID(), caller.userId(), description, permissions, true, now,
                now.plusSeconds(ttlSeconds));
        repository.insert(token, Secrets.hash(secret));
        audit.changed("token.created", "api-tokens/" + token.id(), null, auditState(token));
        return new Created(token, secret);
    }

    public ApiToken update(Caller caller, UUID id, Changes changes) {
        changes.description().ifPresent(TokenService::validateDescription);
        ApiToken token = get(id);
        UserService.requireGrantable(caller, token.permissions());
        changes.permissions().ifPresent(p -> UserService.requireGrantable(caller, p));
        ApiToken changed = new ApiToken(token.id(), token.userId(), changes.description().orElse(token.description()),
                changes.permissions().orElse(token.permissions()), changes.enabled().orElse(token.enabled()),
                token.created(), token.expires());
        repository.save(changed);
        audit.changed("token.updated", "api-tokens/" + id, auditState(token), auditState(changed));
        return changed;
    }

    public void delete(UUID id) {
        ApiToken token = get(id);
        Map<String, Object> before = auditState(token);
        repository.deleteToken(id);
        audit.changed("token.deleted", "api-tokens/" + id, before, null);
    }

    /** What the audit log shows of a token: never its secret or the secret's hash. */
    private Map<String, Object> auditState(ApiToken token) {
        return Fields.of("id", token.id(), "description", token.description(), "permissions",
                token.permissions().toJson(), "status", token.enabled() ? "enabled" : "disabled", "ownerId",
                token.userId(), "ownerUsername", repository.user(token.userId()).map(User::username).orElse(null),
                "expires", token.expires().toString());
    }

    private static void validateDescription(String description) {
        if (description == null || description.isEmpty() || description.length() > DESCRIPTION_MAX) {
            throw ValidationException.of("description", "must be 1 to " + DESCRIPTION_MAX + " characters");
        }
    }
}
