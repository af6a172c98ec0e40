package dev.jobber.store;

import java.time.Instant;
import java.util.UUID;

/** One key of a job's store. {@code value} is UTF-8; {@code expiry} is {@code null} when the key never expires. */
public record StoreItem(UUID id, UUID jobId, String key, byte[] value, Instant expiry, Instant created,
        Instant modified) {
}
