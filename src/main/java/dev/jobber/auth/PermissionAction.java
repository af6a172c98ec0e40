package dev.jobber.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What a permission statement allows or denies on a resource. */
public enum PermissionAction {
    READ, WRITE, DELETE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PermissionAction> parse(String value) {
        for (PermissionAction action : values()) {
            if (action.json().equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
