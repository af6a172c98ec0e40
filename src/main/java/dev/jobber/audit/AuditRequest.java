package dev.jobber.audit;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.RequestScoped;

/** What the services noted about the current admin request, for its audit entry. */
@RequestScoped
public class AuditRequest {

    private Actor actor;
    private String change;
    private String resource;
    private JsonNode details;

    void actor(Actor actor) {
        this.actor = actor;
    }

    void change(String change, String resource, JsonNode details) {
        this.change = change;
        this.resource = resource;
        this.details = details;
    }

    /** The caller the service identified (who signed in or out), when the route itself has none. */
    public Actor actor() {
        return actor;
    }

    public String change() {
        return change;
    }

    /** The resource the change concerns, when it is more precise than the route's. */
    public String resource() {
        return resource;
    }

    public JsonNode details() {
        return details;
    }
}
