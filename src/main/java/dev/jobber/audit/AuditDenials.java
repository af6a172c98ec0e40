package dev.jobber.audit;

import dev.jobber.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Bounds how many refused requests the audit log records, so a flood cannot fill the database: per one-minute window,
 * at most {@code AUDIT_DENIED_PER_MINUTE} for each client address (anonymous callers) or caller, and at most ten times
 * that for all anonymous callers together. Refusals beyond it are counted, and the count is stored with the next one
 * recorded for the same caller (or any anonymous caller). Kept in memory per instance.
 */
@ApplicationScoped
public class AuditDenials {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int ANONYMOUS_FACTOR = 10;
    static final String ANONYMOUS = "anonymous";

    private final int perKey;
    private final Clock clock;
    private final Map<String, Integer> recorded = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();
    private Instant windowStart = Instant.EPOCH;
    private int anonymousRecorded;

    @Inject
    public AuditDenials(AuditConfig config) {
        this(config.deniedPerMinute(), Clock.systemUTC());
    }

    AuditDenials(int perKey, Clock clock) {
        this.perKey = perKey;
        this.clock = clock;
    }

    /**
     * Whether to record a refused request of {@code actor} from {@code address}; when so, the number of refusals of
     * the same kind that were not recorded since the last one.
     */
    public synchronized OptionalInt admit(Actor actor, String address) {
        Instant now = clock.instant();
        if (!now.isBefore(windowStart.plus(WINDOW))) {
            windowStart = now;
            recorded.clear();
            anonymousRecorded = 0;
        }
        String key = actor.anonymous() ? "address " + address
                : actor.tokenId() != null ? "token " + actor.tokenId() : "user " + actor.userId();
        String counter = actor.anonymous() ? ANONYMOUS : key;
        boolean allowed = recorded.getOrDefault(key, 0) < perKey
                && (!actor.anonymous() || anonymousRecorded < perKey * ANONYMOUS_FACTOR);
        if (!allowed) {
            suppressed.merge(counter, 1, Integer::sum);
            return OptionalInt.empty();
        }
        recorded.merge(key, 1, Integer::sum);
        if (actor.anonymous()) {
            anonymousRecorded++;
        }
        Integer skipped = suppressed.remove(counter);
        return OptionalInt.of(skipped == null ? 0 : skipped);
    }
}
