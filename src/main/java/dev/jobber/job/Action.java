package dev.jobber.job;

import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.RunnerMode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** How a version's code runs: the runner pool settings of its manifest's {@code action}. */
@Entity
@Table(name = "job_action")
public class Action {

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "job_version_id", nullable = false)
    public UUID jobVersionId;

    @Column(name = "runner_asynchronous", nullable = false)
    public boolean runnerAsynchronous;

    @Column(name = "runner_min_count", nullable = false)
    public int runnerMinCount;

    @Column(name = "runner_max_count", nullable = false)
    public int runnerMaxCount;

    @Column(name = "runner_timeout", nullable = false)
    public int runnerTimeout;

    @Column(name = "runner_max_idle_age", nullable = false)
    public int runnerMaxIdleAge;

    @Column(name = "runner_max_age", nullable = false)
    public int runnerMaxAge;

    @Column(name = "runner_max_age_hard", nullable = false)
    public int runnerMaxAgeHard;

    @Column(name = "runner_mode", nullable = false)
    public String runnerMode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "runner_docker_arguments", nullable = false)
    public DockerArguments runnerDockerArguments;

    @Column(nullable = false)
    public Instant created;

    /** The settings as published, read from the columns. */
    public ActionSettings settings() {
        return new ActionSettings(runnerAsynchronous, runnerMinCount, runnerMaxCount, runnerTimeout, runnerMaxIdleAge,
                runnerMaxAge, runnerMaxAgeHard, RunnerMode.fromManifest(runnerMode).orElse(RunnerMode.STANDARD),
                runnerDockerArguments);
    }
}
