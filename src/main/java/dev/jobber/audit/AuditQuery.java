package dev.jobber.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of audit entries, newest first: those older than the entry {@code before} (its id), at most {@code limit},
 * narrowed by every filter given. {@code actor} is a username (any case), user id or token id; {@code resource} a
 * prefix; {@code action} a permission action, operation or change name.
 */
public record AuditQuery(Optional<Long> before, int limit, Optional<String> actor, Optional<String> resource,
        Optional<String> route, Optional<Instant> from, Optional<Instant> to, Optional<String> action,
        Optional<String> method) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
}
