package dev.jobber.runner.image;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What Jobber last saw of the runner image of one Node major.
 *
 * @param message why it failed, for {@link State#FAILED}
 * @param since   when it reached this state
 */
public record ImageStatus(int nodeMajor, String image, State state, Optional<String> message, Instant since) {

    public enum State {
        /** Not looked at yet. */
        UNKNOWN,
        PRESENT,
        /** Missing; provided when a runner needs it. */
        MISSING,
        /** Being built or pulled. */
        BUILDING,
        /** The last build or pull failed; the next runner that needs it tries again. */
        FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code present}, or {@code failed: <why>}. */
    public String describe() {
        return state.label() + message.map(text -> ": " + text).orElse("");
    }
}
