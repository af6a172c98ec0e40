package dev.jobber.job.api;

import dev.jobber.job.JobVersion;
import java.util.UUID;

/** A version as the admin API shows it; times in unix seconds. */
public record VersionView(UUID id, UUID jobId, String version, long created, long modified) {

    static VersionView of(JobVersion version) {
        return new VersionView(version.id, version.jobId, version.version, version.created.getEpochSecond(),
                version.modified.getEpochSecond());
    }
}
