package dev.jobber.job.archive;

import java.util.Set;

/**
 * An archive that passed every check: its sha256 (hex), size in bytes, the bytes of its root {@code package.json}
 * and the paths of its files.
 */
public record InspectedArchive(String sha256, long size, byte[] manifest, Set<String> files) {

    public boolean contains(String path) {
        return files.contains(path);
    }
}
