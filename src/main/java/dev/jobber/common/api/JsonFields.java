package dev.jobber.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobber.common.Ids;
import dev.jobber.common.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Reads the fields of a JSON object (a request body, a job's {@code package.json}) and collects every problem
 * instead of stopping at the first; {@link #validate} then throws one {@link ValidationException} naming them all.
 * Fields are named by their path from the root, like {@code triggers[2].cron}; an absent field and a JSON
 * {@code null} are alike. A reader made with {@link #at} collects into its parent's list.
 */
public final class JsonFields {

    private final JsonNode object;
    private final String path;
    private final List<FieldError> errors;

    private JsonFields(JsonNode object, String path, List<FieldError> errors) {
        this.object = object;
        this.path = path;
        this.errors = errors;
    }

    /**
     * A request body: a JSON object with no fields but {@code known}; each other field is a problem.
     *
     * @throws ValidationException when the body is not a JSON object
     */
    public static JsonFields body(JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonFields fields = new JsonFields(body, "", new ArrayList<>());
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                fields.error(name, "is not a known field");
            }
        }
        return fields;
    }

    /** A JSON object whose fields may have any name; an absent or null object reads as one without fields. */
    public static JsonFields of(JsonNode object) {
        return new JsonFields(orEmpty(object), "", new ArrayList<>());
    }

    /** The fields of {@code nested}, named below {@code key}; its problems join this reader's. */
    public JsonFields at(JsonNode nested, String key) {
        return new JsonFields(orEmpty(nested), field(key), errors);
    }

    /** The object read, never null. */
    public JsonNode node() {
        return object;
    }

    /** The value of {@code key}, or null when it is absent or JSON {@code null}. */
    public JsonNode get(String key) {
        JsonNode value = object.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** Whether the object names {@code key} at all, with JSON {@code null} as well. */
    public boolean names(String key) {
        return object.has(key);
    }

    /** The full name of {@code key}, like {@code triggers[2].cron}; {@code key} may itself be a path. */
    public String field(String key) {
        return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
    }

    /** Records a problem with {@code key} (a field or a path below this object). */
    public void error(String key, String message) {
        errors.add(new FieldError(field(key), message));
    }

    /** Text of any length; a problem when it is required and absent, or when it is not a string. */
    public Optional<String> text(String key, boolean required) {
        return text(key, required, 0, Integer.MAX_VALUE);
    }

    /** Text of {@code min} to {@code max} characters (code points). */
    public Optional<String> text(String key, boolean required, int min, int max) {
        JsonNode value = present(key, required);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            error(key, "must be a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        String text = value.asText();
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            error(key, min == max ? "must be " + min + " characters"
                    : min > 0 ? "must be " + min + " to " + max + " characters, got " + length
                    : "must be at most " + max + " characters, got " + length);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A JSON {@code true} or {@code false}. */
    public Optional<Boolean> bool(String key) {
        JsonNode value = present(key, false);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            error(key, "must be true or false, got " + value);
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    /** A JSON integer that fits a {@code long}. */
    public Optional<Long> wholeNumber(String key, boolean required) {
        JsonNode value = present(key, required);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            error(key, "must be a whole number, got " + value);
            return Optional.empty();
        }
        return Optional.of(value.longValue());
    }

    /** A UUID written as a string. */
    public Optional<UUID> uuid(String key, boolean required) {
        return parsed(key, required, (value, field) -> {
            if (!value.isTextual()) {
                throw ValidationException.of(field, "must be a UUID, got " + value);
            }
            return Ids.parse(field, value.asText());
        });
    }

    /**
     * Each element of the array {@code key} with its key, like {@code links[2]}: none when the field is absent, and
     * the problem {@code notAnArray} when it is no array.
     */
    public void forEachElement(String key, String notAnArray, BiConsumer<JsonNode, String> each) {
        JsonNode array = get(key);
        if (array == null) {
            return;
        }
        if (!array.isArray()) {
            error(key, notAnArray);
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            each.accept(array.get(i), key + "[" + i + "]");
        }
    }

    /**
     * Each element of the array {@code key} as a reader named like {@code links[2]}; an element that is no object is
     * the problem {@code notAnObject}.
     */
    public void forEachObject(String key, String notAnArray, String notAnObject, Consumer<JsonFields> each) {
        forEachElement(key, notAnArray, (element, elementKey) -> {
            if (element.isObject()) {
                each.accept(at(element, elementKey));
            } else {
                error(elementKey, notAnObject);
            }
        });
    }

    /**
     * The value of {@code key} read by {@code parser}, which is given the value and the field's full name; the
     * problems of the {@link ValidationException} it throws are collected.
     */
    public <T> Optional<T> parsed(String key, boolean required, BiFunction<JsonNode, String, T> parser) {
        JsonNode value = present(key, required);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parser.apply(value, field(key)));
        } catch (ValidationException e) {
            errors.addAll(e.errors());
            return Optional.empty();
        }
    }

    /** Every problem found so far by this reader and the readers sharing its list. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** @throws ValidationException ("Invalid request: …") naming every problem found so far */
    public void validate() {
        validate("Invalid request");
    }

    /** @throws ValidationException ({@code summary}: …) naming every problem found so far */
    public void validate(String summary) {
        if (!errors.isEmpty()) {
            throw new ValidationException(summary, errors);
        }
    }

    private JsonNode present(String key, boolean required) {
        JsonNode value = get(key);
        if (value == null && required) {
            error(key, "is required");
        }
        return value;
    }

    private static JsonNode orEmpty(JsonNode object) {
        return object == null || object.isNull() ? JsonNodeFactory.instance.objectNode() : object;
    }
}
