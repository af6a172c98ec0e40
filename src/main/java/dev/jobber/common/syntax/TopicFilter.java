package dev.jobber.common.syntax;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The MQTT rules for a subscription's topic filter. */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** Why {@code filter} is not a valid MQTT topic filter, or empty when it is. */
    public static Optional<String> problem(String filter) {
        if (filter.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > 65535) {
            return Optional.of("must be at most 65535 bytes");
        }
        if (filter.indexOf('\u0000') >= 0) {
            return Optional.of("must not contain the NUL character");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return Optional.of("'#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.of("'+' must be a whole level");
            }
        }
        return Optional.empty();
    }
}
