package dev.jobber.job.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.job.JobDetails;
import java.util.UUID;

/** A job as the admin API shows it. */
public record JobView(UUID id, String jobName, UUID jobVersionId, String description, JsonNode links, String status,
        String version) {

    static JobView of(JobDetails details) {
        var job = details.job();
        return new JobView(job.id, job.name, job.activeVersionId, job.description, job.links, job.status,
                details.activeVersion());
    }
}
