package dev.jobber.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * The audit log: records one entry per audited request and answers queries. Refused requests and anonymous callers
 * are recorded within the bounds of {@link AuditDenials}. A failed write is logged and never fails the request.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final AuditDenials denials;

    public AuditLog(AuditRepository repository, AuditDenials denials) {
        this.repository = repository;
        this.denials = denials;
    }

    public void record(AuditEntry entry) {
        AuditEntry recorded = entry;
        if (entry.actor().anonymous() || entry.outcome().equals("denied")) {
            OptionalInt skipped = denials.admit(entry.actor(), entry.clientAddress());
            if (skipped.isEmpty()) {
                return;
            }
            recorded = entry.withSuppressed(skipped.getAsInt());
        }
        try {
            repository.insert(recorded);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the audit entry of %s %s (request %s)", entry.method(), entry.route(),
                    entry.requestId());
        }
    }

    /** @see AuditQuery */
    public List<AuditEntry> find(AuditQuery query) {
        return repository.find(query);
    }
}
