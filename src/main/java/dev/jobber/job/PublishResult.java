package dev.jobber.job;

/** The outcome of a publish: the job, the version, and whether the version was new. */
public record PublishResult(JobDetails job, JobVersion version, boolean created) {
}
