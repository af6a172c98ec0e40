package dev.jobber.audit;

import java.util.UUID;

/**
 * Who made an audited request: a signed-in user, an API token with its owner, or an anonymous caller (with the
 * username it tried, for a failed sign-in).
 */
public record Actor(Type type, UUID userId, String username, UUID tokenId) {

    static final int MAX_USERNAME = 64;

    /** The kind of caller. */
    public enum Type {
        USER, TOKEN, ANONYMOUS;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Actor ANONYMOUS = new Actor(Type.ANONYMOUS, null, null, null);

    public static Actor user(UUID userId, String username) {
        return new Actor(Type.USER, userId, username, null);
    }

    public static Actor token(UUID tokenId, UUID ownerId, String ownerName) {
        return new Actor(Type.TOKEN, ownerId, ownerName, tokenId);
    }

    /** An anonymous caller who tried to sign in as {@code username}. */
    public static Actor attempt(String username) {
        String tried = username == null || username.length() <= MAX_USERNAME ? username
                : username.substring(0, MAX_USERNAME);
        return new Actor(Type.ANONYMOUS, null, tried, null);
    }

    public boolean anonymous() {
        return type == Type.ANONYMOUS;
    }
}
