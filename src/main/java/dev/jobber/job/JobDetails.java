package dev.jobber.job;

/** A job with the label of its active version (null when none is active). */
public record JobDetails(Job job, String activeVersion) {
}
