package dev.jobber.audit.api;

import dev.jobber.audit.Actor;
import dev.jobber.audit.AuditNotes;
import dev.jobber.auth.AuthNotes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/** Takes auth's notes into the request's audit entry, so that auth needs to know nothing of the audit log. */
@ApplicationScoped
public class AuditedAuthNotes implements AuthNotes {

    private final AuditNotes notes;

    public AuditedAuthNotes(AuditNotes notes) {
        this.notes = notes;
    }

    @Override
    public void signInAttempt(String username) {
        notes.actor(Actor.attempt(username));
    }

    @Override
    public void caller(UUID userId, String username) {
        notes.actor(Actor.user(userId, username));
    }

    @Override
    public void changed(String change, String resource) {
        notes.changed(change, resource);
    }

    @Override
    public void changed(String change, String resource, Object before, Object after) {
        notes.changed(change, resource, before, after);
    }

    @Override
    public void changed(String change, String resource, Map<String, Object> details) {
        notes.changed(change, resource, details);
    }
}
