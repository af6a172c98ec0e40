package dev.jobber.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** One statement of a permission document: {@code {effect, resource, actions}}. */
public record Permission(Effect effect, String resource, List<PermissionAction> actions) {

    public Permission {
        actions = List.copyOf(actions);
    }

    public static Permission allow(String resource, PermissionAction... actions) {
        return new Permission(Effect.ALLOW, resource, List.of(actions));
    }

    public static Permission deny(String resource, PermissionAction... actions) {
        return new Permission(Effect.DENY, resource, List.of(actions));
    }

    boolean applies(String resource, PermissionAction action) {
        return actions.contains(action) && ResourcePattern.matches(this.resource, resource);
    }

    /** Allow or deny; deny wins. */
    public enum Effect {
        ALLOW, DENY;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
