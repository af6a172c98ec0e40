package dev.jobber.environment;

import dev.jobber.common.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What a variable's name, type and value must be; every problem is reported. */
final class EnvironmentRules {

    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Map<String, String> RESERVED = Map.of(
            "PATH", "the runner finds node and its tools through it",
            "HOME", "the runner's user needs its home directory",
            "NODE_OPTIONS", "it changes how node starts the runner itself",
            "NODE_PATH", "it changes how the runner and the job resolve modules",
            "PWD", "the runner sets the working directory");
    private static final Map<String, String> RESERVED_PREFIXES = Map.of(
            "JOBBER_", "names starting with JOBBER_ configure the runner",
            "LD_", "dynamic linker settings (LD_PRELOAD, LD_LIBRARY_PATH, …) would change how node itself loads");

    private EnvironmentRules() {
    }

    /** The name as stored: upper-cased. */
    static String normalize(String name) {
        return name == null ? "" : name.toUpperCase(Locale.ROOT);
    }

    static List<FieldError> check(String name, String type, String value) {
        List<FieldError> errors = new ArrayList<>();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "\"" + name + "\" is not a valid environment variable name: letters, "
                    + "digits and _ only, not starting with a digit"));
        } else {
            reason(name).ifPresent(reason -> errors.add(new FieldError("name", "\"" + name
                    + "\" is reserved: " + reason)));
        }
        if (type == null) {
            errors.add(new FieldError("type", "is required: \"text\" or \"secret\""));
        } else if (!EnvironmentVariable.TEXT.equals(type) && !EnvironmentVariable.SECRET.equals(type)) {
            errors.add(new FieldError("type", "must be \"text\" or \"secret\", got \"" + type + "\""));
        }
        if (value == null) {
            errors.add(new FieldError("value", "is required"));
        } else {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                errors.add(new FieldError("value", "is " + bytes + " bytes; at most " + MAX_VALUE_BYTES
                        + " (64 KiB) are allowed"));
            }
            if (value.indexOf('\0') >= 0) {
                errors.add(new FieldError("value", "must not contain NUL characters"));
            }
        }
        return errors;
    }

    private static java.util.Optional<String> reason(String name) {
        if (RESERVED.containsKey(name)) {
            return java.util.Optional.of(RESERVED.get(name));
        }
        return RESERVED_PREFIXES.entrySet().stream().filter(e -> name.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }
}
