package dev.jobber.job.archive;

/** Bounds on a published archive: its size as uploaded, its expanded size, and its number of entries. */
public record ArchiveLimits(long maxSize, long maxUncompressedSize, int maxEntries) {
}
