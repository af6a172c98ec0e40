package dev.jobber.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling the admin API: a user signed in with a session cookie, or an API token. A token never does more
 * than its owner may do now: both its own permissions and its owner's must allow an action.
 */
public record Caller(UUID userId, String username, Optional<UUID> sessionId, Optional<UUID> tokenId, Instant expires,
        Permissions permissions, Permissions ownerPermissions) {

    public static Caller session(UUID userId, String username, UUID sessionId, Instant expires,
            Permissions permissions) {
        return new Caller(userId, username, Optional.of(sessionId), Optional.empty(), expires, permissions,
                permissions);
    }

    public static Caller token(UUID userId, String username, UUID tokenId, Instant expires, Permissions permissions,
            Permissions ownerPermissions) {
        return new Caller(userId, username, Optional.empty(), Optional.of(tokenId), expires, permissions,
                ownerPermissions);
    }

    public boolean isToken() {
        return tokenId.isPresent();
    }

    public boolean allows(String resource, PermissionAction action) {
        return permissions.allows(resource, action) && ownerPermissions.allows(resource, action);
    }

    /** Whether some resource {@code pattern} matches may be allowed to this caller (see {@link Permissions#allowsSome}). */
    public boolean allowsSome(String pattern, PermissionAction action) {
        return permissions.allowsSome(pattern, action) && ownerPermissions.allowsSome(pattern, action);
    }

    /** Whether this caller may hand {@code requested} to a user or token (no escalation). */
    public boolean grants(Permissions requested) {
        return permissions.grants(requested) && ownerPermissions.grants(requested);
    }
}
