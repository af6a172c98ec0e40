package dev.jobber.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.RunnerConfig;
import dev.jobber.config.ScheduleConfig;
import dev.jobber.job.archive.ArchiveInspector;
import dev.jobber.job.archive.ArchiveLimits;
import dev.jobber.job.archive.ArchiveStore;
import dev.jobber.job.manifest.ManifestLimits;
import dev.jobber.job.manifest.ManifestParser;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain classes of publishing to the configuration. */
public final class JobBeans {

    @Produces
    @Singleton
    ArchiveStore archiveStore(JobberConfig config) {
        return new ArchiveStore(config.dataDir().resolve("archives").toAbsolutePath().normalize());
    }

    @Produces
    @Singleton
    ArchiveInspector archiveInspector(JobberConfig config) {
        JobberConfig.Archive archive = config.archive();
        return new ArchiveInspector(new ArchiveLimits(archive.maxSize().asLongValue(),
                archive.maxUncompressedSize().asLongValue(), archive.maxEntries()));
    }

    @Produces
    @Singleton
    ManifestParser manifestParser(ObjectMapper mapper, JobberConfig config, RunnerConfig runner,
            ScheduleConfig schedule) {
        return new ManifestParser(mapper, new ManifestLimits(runner.runnerMaxTotal(), config.manifest().maxTriggers(),
                schedule.minInterval(), new ManifestLimits.ContainerLimits(runner.memoryLimit().asLongValue(),
                        runner.nanoCpus(), runner.pidsLimit(), runner.nofileLimit(), runner.appliesPassthrough())));
    }
}
