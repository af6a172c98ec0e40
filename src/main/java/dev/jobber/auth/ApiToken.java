package dev.jobber.auth;

import java.time.Instant;
import java.util.UUID;

/** A bearer token owned by a user; only the SHA-256 hash of its secret is stored. */
public record ApiToken(UUID id, UUID userId, String description, Permissions permissions, boolean enabled,
        Instant created, Instant expires) {
}
