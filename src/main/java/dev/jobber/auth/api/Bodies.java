package dev.jobber.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.Permissions;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading the JSON bodies of the auth routes: known fields only, with their types checked. */
final class Bodies {

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private Bodies(JsonNode body) {
        this.body = body;
    }

    /** A JSON object with no fields but {@code allowed}. */
    static Bodies of(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        Bodies bodies = new Bodies(body);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                bodies.errors.add(new FieldError(name, "is not a known field"));
            }
        }
        return bodies;
    }

    Optional<String> text(String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<Boolean> bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return Optional.empty();
        }
        return Optional.of(value.asBoolean());
    }

    Optional<Long> number(String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number"));
            return Optional.empty();
        }
        return Optional.of(value.asLong());
    }

    Optional<Permissions> permissions(String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Permissions.parse(value, field));
        } catch (ValidationException e) {
            errors.addAll(e.errors());
            return Optional.empty();
        }
    }

    /** @throws ValidationException naming every problem found so far */
    void validate() {
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid request", errors);
        }
    }
}
