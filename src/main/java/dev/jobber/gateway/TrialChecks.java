package dev.jobber.gateway;

import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What a {@link TrialRequest} must be: a known method, a path without scheme or host, valid headers. */
public final class TrialChecks {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final int MAX_PATH = 2048;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private TrialChecks() {
    }

    static void validate(TrialRequest request) {
        List<FieldError> errors = problems(request);
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid request", errors);
        }
    }

    /** What is wrong with the request's method, path and headers; empty when nothing is. */
    public static List<FieldError> problems(TrialRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (!METHODS.contains(request.method())) {
            errors.add(new FieldError("method", "must be one of " + String.join(", ", METHODS.stream().sorted()
                    .toList()) + ", got \"" + request.method() + "\""));
        }
        String path = request.path();
        if (!path.startsWith("/") || path.startsWith("//")) {
            errors.add(new FieldError("path", "must start with / and name no scheme or host, got \""
                    + (path.length() > 80 ? path.substring(0, 80) + "…" : path) + "\""));
        } else if (path.length() > MAX_PATH) {
            errors.add(new FieldError("path", "must be at most " + MAX_PATH + " characters, got " + path.length()));
        } else if (!validUri(path)) {
            errors.add(new FieldError("path", "is not a valid request path"));
        }
        request.headers().forEach((name, value) -> {
            if (!TOKEN.matcher(name).matches()) {
                errors.add(new FieldError("headers." + name, "is not a valid header name"));
            } else if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                errors.add(new FieldError("headers." + name, "must not contain line breaks or NUL"));
            }
        });
        return errors;
    }

    private static boolean validUri(String path) {
        try {
            URI uri = new URI(path);
            return uri.getScheme() == null && uri.getRawAuthority() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
