package dev.jobber.database.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A committed change announced by the database (migration V7): what kind of thing changed and its id. Fired as a CDI
 * event by {@link ChangeFeed}; for the instance that made the change it may come in addition to its local events.
 */
public record Change(Kind kind, UUID id) {

    public enum Kind {
        /** A job, or one of its versions, actions or triggers; the id is the job's. */
        JOB,
        /** A job's environment variables; the id is the job's. */
        ENVIRONMENT,
        USER,
        TOKEN
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The id of the job this change concerns, if it concerns one. */
    public Optional<UUID> jobId() {
        return kind == Kind.JOB || kind == Kind.ENVIRONMENT ? Optional.of(id) : Optional.empty();
    }

    /** Reads a notification's payload ({@code {"kind":"job","id":"…"}}); empty when it is not one. */
    static Optional<Change> parse(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            Kind kind = Kind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT));
            return Optional.of(new Change(kind, UUID.fromString(node.path("id").asText())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
