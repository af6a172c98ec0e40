package dev.jobber.job;

import java.util.Optional;
import java.util.UUID;

/**
 * Changes to a job; an empty field is left as it is. {@code jobVersionId} present with an empty inner value
 * deactivates every version.
 */
public record JobUpdate(Optional<String> status, Optional<String> description,
        Optional<Optional<UUID>> jobVersionId) {
}
