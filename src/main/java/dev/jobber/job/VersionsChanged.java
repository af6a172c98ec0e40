package dev.jobber.job;

import java.util.UUID;

/**
 * Fired after a transaction changed which version of a job is active, its status, or deleted it; listeners
 * (gateway routes, runner pools, schedules) reload what they derive from it.
 */
public record VersionsChanged(UUID jobId) {
}
