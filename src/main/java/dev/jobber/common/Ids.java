package dev.jobber.common;

import java.util.UUID;

/** Identifiers in paths and bodies. */
public final class Ids {

    private Ids() {
    }

    /** @throws ValidationException naming {@code field} when {@code value} is not a UUID */
    public static UUID parse(String field, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the uniform message
        }
        throw ValidationException.of(field, "must be a UUID, got \"" + value + "\"");
    }
}
