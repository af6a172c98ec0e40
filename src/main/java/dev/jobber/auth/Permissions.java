package dev.jobber.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.auth.Permission.Effect;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A permission document as the original wrote them: {@code [{effect, resource, actions}]}. An action on a resource is
 * allowed when an allow statement matches it and no deny statement does.
 */
public record Permissions(List<Permission> statements) {

    static final int MAX_STATEMENTS = 200;
    static final int MAX_RESOURCE_LENGTH = 512;

    public static final Permissions NONE = new Permissions(List.of());
    public static final Permissions ALL = new Permissions(List.of(Permission.allow("*", PermissionAction.values())));

    public Permissions {
        statements = List.copyOf(statements);
    }

    public static Permissions of(Permission... statements) {
        return new Permissions(List.of(statements));
    }

    public boolean allows(String resource, PermissionAction action) {
        boolean allowed = false;
        for (Permission statement : statements) {
            if (statement.applies(resource, action)) {
                if (statement.effect() == Effect.DENY) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * Whether some resource {@code pattern} matches may be allowed: an allow statement overlaps the pattern and no
     * deny statement covers all of it. For routes that learn the exact resource only later and check it then.
     */
    public boolean allowsSome(String pattern, PermissionAction action) {
        boolean overlapping = false;
        for (Permission statement : statements) {
            if (!statement.actions().contains(action)) {
                continue;
            }
            if (statement.effect() == Effect.DENY && ResourcePattern.covers(statement.resource(), pattern)) {
                return false;
            }
            overlapping |= statement.effect() == Effect.ALLOW && ResourcePattern.overlaps(statement.resource(), pattern);
        }
        return overlapping;
    }

    /**
     * Whether this document allows everything {@code requested} allows, so a holder of this document may hand
     * {@code requested} to a user or token without gaining anything. Each allowed pattern must be covered by one of
     * our allow statements, and each of our deny statements touching it must be carried over into {@code requested}.
     */
    public boolean grants(Permissions requested) {
        for (Permission wanted : requested.statements) {
            if (wanted.effect() == Effect.ALLOW) {
                for (PermissionAction action : wanted.actions()) {
                    if (!grants(wanted.resource(), action, requested)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean grants(String pattern, PermissionAction action, Permissions requested) {
        boolean covered = false;
        for (Permission own : statements) {
            if (!own.actions().contains(action)) {
                continue;
            }
            if (own.effect() == Effect.ALLOW) {
                covered |= ResourcePattern.covers(own.resource(), pattern);
            } else if (ResourcePattern.overlaps(own.resource(), pattern)
                    && !requested.denies(own.resource(), action)) {
                return false;
            }
        }
        return covered;
    }

    private boolean denies(String pattern, PermissionAction action) {
        return statements.stream().anyMatch(s -> s.effect() == Effect.DENY && s.actions().contains(action)
                && ResourcePattern.covers(s.resource(), pattern));
    }

    /** The document as JSON, in the original's shape. */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Permission statement : statements) {
            ObjectNode node = array.addObject();
            node.put("effect", statement.effect().json());
            node.put("resource", statement.resource());
            ArrayNode actions = node.putArray("actions");
            statement.actions().forEach(a -> actions.add(a.json()));
        }
        return array;
    }

    /** Reads a document, naming every problem under {@code field}; unknown statement fields are ignored. */
    public static Permissions parse(JsonNode json, String field) {
        List<FieldError> errors = new ArrayList<>();
        Permissions parsed = parse(json, field, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid permissions", errors);
        }
        return parsed;
    }

    static Permissions parse(JsonNode json, String field, List<FieldError> errors) {
        if (json == null || !json.isArray()) {
            errors.add(new FieldError(field, "must be an array of {effect, resource, actions}"));
            return NONE;
        }
        if (json.size() > MAX_STATEMENTS) {
            errors.add(new FieldError(field, "at most " + MAX_STATEMENTS + " statements are accepted"));
            return NONE;
        }
        List<Permission> statements = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            statement(json.get(i), field + "[" + i + "]", errors).ifPresent(statements::add);
        }
        return new Permissions(statements);
    }

    private static Optional<Permission> statement(JsonNode node, String field, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(field, "must be an object {effect, resource, actions}"));
            return Optional.empty();
        }
        int before = errors.size();
        JsonNode effect = node.get("effect");
        Effect parsedEffect = null;
        if (effect != null && effect.isTextual() && effect.asText().equals("allow")) {
            parsedEffect = Effect.ALLOW;
        } else if (effect != null && effect.isTextual() && effect.asText().equals("deny")) {
            parsedEffect = Effect.DENY;
        } else {
            errors.add(new FieldError(field + ".effect", "must be \"allow\" or \"deny\""));
        }
        JsonNode resource = node.get("resource");
        if (resource == null || !resource.isTextual() || resource.asText().isEmpty()
                || resource.asText().length() > MAX_RESOURCE_LENGTH) {
            errors.add(new FieldError(field + ".resource",
                    "must be a resource pattern of 1 to " + MAX_RESOURCE_LENGTH + " characters"));
        }
        List<PermissionAction> actions = new ArrayList<>();
        JsonNode list = node.get("actions");
        if (list == null || !list.isArray()) {
            errors.add(new FieldError(field + ".actions", "must be an array of \"read\", \"write\" or \"delete\""));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Optional<PermissionAction> action = list.get(i).isTextual()
                        ? PermissionAction.parse(list.get(i).asText()) : Optional.empty();
                if (action.isEmpty()) {
                    errors.add(new FieldError(field + ".actions[" + i + "]", "must be \"read\", \"write\" or \"delete\""));
                } else if (!actions.contains(action.get())) {
                    actions.add(action.get());
                }
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Permission(parsedEffect, resource.asText(), actions));
    }
}
