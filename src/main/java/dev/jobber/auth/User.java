package dev.jobber.auth;

import java.time.Instant;
import java.util.UUID;

/** An account that can sign in; usernames are unique regardless of case. */
public record User(UUID id, String username, String passwordHash, Permissions permissions, boolean enabled,
        Instant created, Instant modified) {
}
