package dev.jobber.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.common.Fields;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Where services note what an admin request changed: a change name, the resource, and the state before and after
 * (which must never hold a secret value, a password or a token). The note becomes part of the request's single audit
 * entry; outside an HTTP request (startup, schedules) nothing is noted.
 */
@ApplicationScoped
public class AuditNotes {

    private final AuditRequest request;
    private final ObjectMapper json;

    public AuditNotes(AuditRequest request, ObjectMapper json) {
        this.request = request;
        this.json = json;
    }

    /** Notes a change that has no state to show (a sign-in, say); {@code resource} may be null. */
    public void changed(String change, String resource) {
        if (active()) {
            request.change(change, resource, null);
        }
    }

    /** Notes a change with its state before and after; either may be null (created, deleted). */
    public void changed(String change, String resource, Object before, Object after) {
        changed(change, resource, Fields.of("before", before, "after", after));
    }

    /** Notes a change with details of its own shape. */
    public void changed(String change, String resource, Map<String, Object> details) {
        if (active()) {
            request.change(change, resource, json.valueToTree(details));
        }
    }

    /** Notes who the caller turned out to be on a route open to anonymous callers (sign-in, sign-out). */
    public void actor(Actor actor) {
        if (active()) {
            request.actor(actor);
        }
    }

    private static boolean active() {
        return Arc.container().requestContext().isActive();
    }
}
