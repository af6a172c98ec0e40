package dev.jobber.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.User;
import java.util.UUID;

/** A user as the API shows it; the password hash never leaves the server. */
public record UserView(UUID id, String username, JsonNode permissions, boolean enabled, String created,
        String modified) {

    static UserView of(User user) {
        return new UserView(user.id(), user.username(), user.permissions().toJson(), user.enabled(),
                user.created().toString(), user.modified().toString());
    }
}
