package dev.jobber.job.manifest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How requests map to containers. */
public enum RunnerMode {
    /** A warm pool of runners per active version. */
    STANDARD("standard"),
    /** A fresh container per request. */
    RUN_ONCE("run-once");

    private final String manifestName;

    RunnerMode(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name the manifest and the admin API use. */
    @JsonValue
    public String manifestName() {
        return manifestName;
    }

    public static Optional<RunnerMode> fromManifest(String name) {
        return Arrays.stream(values()).filter(m -> m.manifestName.equals(name)).findFirst();
    }
}
