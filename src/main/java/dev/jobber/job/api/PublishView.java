package dev.jobber.job.api;

/** The answer to a publish: the job and the version. */
public record PublishView(JobView job, VersionView version) {
}
