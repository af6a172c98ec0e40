package dev.jobber.common.api;

import dev.jobber.common.Ids;
import dev.jobber.common.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads path and query parameters the way {@link JsonFields} reads a body: every problem is collected, and
 * {@link #validate} throws one {@link ValidationException} naming them all. A null value is an absent parameter.
 */
public final class QueryFields {

    private final List<FieldError> errors = new ArrayList<>();

    /** A UUID; a problem when it is absent or malformed. */
    public UUID uuid(String field, String value) {
        try {
            return Ids.parse(field, value);
        } catch (ValidationException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    /** A whole number from {@code min} to {@code max}, when given. */
    public Optional<Long> wholeNumber(String field, String value, long min, long max) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(field, "must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
        return Optional.empty();
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** @throws ValidationException ({@code summary}: …) naming every problem found so far */
    public void validate(String summary) {
        if (!errors.isEmpty()) {
            throw new ValidationException(summary, errors);
        }
    }
}
