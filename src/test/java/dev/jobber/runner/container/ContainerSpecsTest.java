package dev.jobber.runner.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.config.RunnerConfig;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.RunnerMode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which of a job's Docker arguments reach its container spec, and how far. */
class ContainerSpecsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> ALL_ALLOWED = Map.of(
            "runner.allow-docker-argument-types", "volumes,networks,labels,memoryLimit,directPassthroughArguments",
            "runner.allow-argument-direct-passthrough", "true");

    @Test
    void appliesThePassthroughFlagsTheOperatorAllows() {
        ContainerSpec spec = spec(ALL_ALLOWED, """
                {"labels":[{"key":"team","value":"ops"}],"directPassthroughArguments":["--cpus","0.5","-m","256m",
                 "--pids-limit=64","--ulimit","nofile=100:200","-e","GREETING=hi","-l","tier=web",
                 "--add-host","db:10.0.0.5"]}""");

        assertThat(spec.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(spec.memoryBytes()).isEqualTo(256L << 20);
        assertThat(spec.pidsLimit()).isEqualTo(64);
        assertThat(spec.nofile()).isEqualTo(100);
        assertThat(spec.env()).containsExactly(Map.entry("GREETING", "hi"));
        assertThat(spec.labels()).containsEntry("team", "ops").containsEntry("tier", "web");
        assertThat(spec.extraHosts()).containsExactly("db:10.0.0.5");
        assertThat(spec.user()).isEqualTo("1000:1000");
    }

    @Test
    void ignoresPassthroughUnlessBothOperatorSwitchesAllowIt() {
        String arguments = """
                {"directPassthroughArguments":["--cpus","0.5","-e","A=b","-l","tier=web"]}""";
        for (Map<String, String> config : List.of(Map.<String, String>of(),
                Map.of("runner.allow-docker-argument-types", "directPassthroughArguments"),
                Map.of("runner.allow-argument-direct-passthrough", "true"))) {
            ContainerSpec spec = spec(config, arguments);

            assertThat(spec.nanoCpus()).as(config.toString()).isEqualTo(1_000_000_000L);
            assertThat(spec.env()).isEmpty();
            assertThat(spec.labels()).doesNotContainKey("tier");
        }
    }

    @Test
    void boundsStoredFlagsByTheOperatorsLimitsAndKeepsJobbersOwnLabels() {
        ContainerSpec spec = spec(ALL_ALLOWED, """
                {"directPassthroughArguments":["--cpus","8","--memory","64g","--memory-swap","128m",
                 "--pids-limit","100000","--user","0:0","--privileged","-l","jobber.job=forged",
                 "-e","JOBBER_JOB_DIR=/tmp","--network","host"]}""");

        assertThat(spec.nanoCpus()).isEqualTo(1_000_000_000L);
        assertThat(spec.memoryBytes()).isEqualTo(128L << 20);
        assertThat(spec.pidsLimit()).isEqualTo(256);
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.labels()).doesNotContainValue("forged");
        assertThat(spec.env()).isEmpty();
        assertThat(spec.network()).isEmpty();
    }

    private static ContainerSpec spec(Map<String, String> config, String dockerArguments) {
        try {
            DockerArguments arguments = MAPPER.readValue(dockerArguments, DockerArguments.class);
            ActiveVersion version = new ActiveVersion(UUID.randomUUID(), "job", UUID.randomUUID(), "1.0.0",
                    "./index.js", null, 24, "0".repeat(64), new ActiveVersion.Action(UUID.randomUUID(),
                            new ActionSettings(true, 1, 1, 60, 0, 0, 0, RunnerMode.STANDARD, arguments)),
                    List.of(), 0);
            return new ContainerSpecs(config(config), "test", "1000:1000", List.of("/jobber/job"))
                    .of(version, UUID.randomUUID(), List.of(), List.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static RunnerConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(RunnerConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build()
                .getConfigMapping(RunnerConfig.class);
    }
}
