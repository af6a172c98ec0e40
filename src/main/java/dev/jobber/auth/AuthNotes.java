package dev.jobber.auth;

import java.util.Map;
import java.util.UUID;

/**
 * Where auth notes what an admin request did, for the request's audit entry: who the caller turned out to be on a
 * route open to anonymous callers, and what changed (state that never holds a password, secret or token). The audit
 * log implements it; outside an HTTP request nothing is noted.
 */
public interface AuthNotes {

    /** An anonymous caller tries to sign in as {@code username}. */
    void signInAttempt(String username);

    /** The caller turned out to be this user (signing in or out). */
    void caller(UUID userId, String username);

    /** A change with no state to show (a sign-in, say); {@code resource} may be null. */
    void changed(String change, String resource);

    /** A change with its state before and after; either may be null (created, deleted). */
    void changed(String change, String resource, Object before, Object after);

    /** A change with details of its own shape. */
    void changed(String change, String resource, Map<String, Object> details);
}
