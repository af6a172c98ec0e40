package dev.jobber.common;

import dev.jobber.common.api.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** The input breaks one or more rules (400); every problem is listed, and the message names them all. */
public final class ValidationException extends ApiException {

    private final List<FieldError> errors;

    public ValidationException(String summary, List<FieldError> errors) {
        super(summary + ": " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException("Invalid request", List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public int status() {
        return 400;
    }
}
