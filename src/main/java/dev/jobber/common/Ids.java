package dev.jobber.common;

import java.util.Optional;
import java.util.UUID;

/** Identifiers in paths and bodies. */
public final class Ids {

    private Ids() {
    }

    /** @throws ValidationException naming {@code field} when {@code value} is not a UUID */
    public static UUID parse(String field, String value) {
        return read(value).orElseThrow(() -> ValidationException.of(field, "must be a UUID, got \"" + value + "\""));
    }

    /**
     * The id {@code value} stands for in its one written form (lower case), or {@code value} unchanged when it is no
     * UUID. Every spelling {@link #parse} accepts for an id (upper case included) becomes the same text, so a
     * permission naming the id holds for all of them.
     */
    public static String canonical(String value) {
        return read(value).map(UUID::toString).orElse(value);
    }

    private static Optional<UUID> read(String value) {
        try {
            if (value != null && value.length() == 36) {
                return Optional.of(UUID.fromString(value));
            }
        } catch (IllegalArgumentException e) {
            // not a UUID
        }
        return Optional.empty();
    }
}
