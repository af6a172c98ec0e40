package dev.jobber.job.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.job.JobVersion;
import java.util.UUID;

/** One version with its manifest, the package.json as published; times in unix seconds. */
public record VersionDetailView(UUID id, UUID jobId, String version, long created, long modified,
        JsonNode manifest) {

    static VersionDetailView of(JobVersion version) {
        return new VersionDetailView(version.id, version.jobId, version.version, version.created.getEpochSecond(),
                version.modified.getEpochSecond(), version.manifest);
    }
}
