package dev.jobber.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of this Jobber instance ({@code JOBBER_*}). */
@ConfigMapping(prefix = "jobber")
public interface JobberConfig {

    /** Instance name ({@code JOBBER_NAME}); labels this instance's containers and appears in {@code /api/config}. */
    @WithDefault("Jobber")
    String name();

    /** Directory for archives, uploads and the embedded database ({@code JOBBER_DATA_DIR}). */
    @WithDefault("./data")
    Path dataDir();

    /** Limits applied to published archives. */
    Archive archive();

    /** Limits applied to published manifests. */
    Manifest manifest();

    interface Manifest {
        /** Most triggers one version may declare ({@code JOBBER_MANIFEST_MAX_TRIGGERS}). */
        @WithDefault("64")
        int maxTriggers();
    }

    interface Archive {
        /** Largest archive accepted, as uploaded ({@code JOBBER_ARCHIVE_MAX_SIZE}); larger uploads answer 413. */
        @WithDefault("100M")
        MemorySize maxSize();

        /** Largest total size of the archive's entries once expanded ({@code JOBBER_ARCHIVE_MAX_UNCOMPRESSED_SIZE}). */
        @WithDefault("512M")
        MemorySize maxUncompressedSize();

        /** Most entries (files and directories) in one archive ({@code JOBBER_ARCHIVE_MAX_ENTRIES}). */
        @WithDefault("20000")
        int maxEntries();
    }
}
