package dev.jobber.common.api;

/** The admin API's request body limits in bytes: a publish's archive, and the body of any other route. */
public record BodyLimits(long archiveBytes, long otherBytes) {
}
