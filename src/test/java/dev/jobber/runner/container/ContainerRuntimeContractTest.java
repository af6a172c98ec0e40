package dev.jobber.runner.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} does, as its Javadoc promises: one test run against each adapter (the Docker
 * engine and the fake other tests drive). Each subclass gives the runtime, an image it has, and what keeps a started
 * container's program running.
 */
abstract class ContainerRuntimeContractTest {

    static final String INPUT = "/jobber/run";

    private final List<String> created = new ArrayList<>();
    protected ContainerRuntime runtime;
    private String instance;

    protected abstract ContainerRuntime runtime();

    protected abstract String image();

    /** A tar for {@link #INPUT} with which the image's program keeps running once started. */
    protected abstract byte[] keepsRunning() throws Exception;

    /** Makes the program of a started container exit by itself with code 1 after printing {@code line}. */
    protected abstract void exitsPrinting(String containerId, String line) throws Exception;

    @BeforeEach
    void start() {
        runtime = runtime();
        instance = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeCreated() {
        created.forEach(runtime::remove);
    }

    protected ContainerSpec spec(String image, Map<String, String> extraLabels) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(Map.of("jobber", "true", "jobber-manager", instance));
        labels.putAll(extraLabels);
        return new ContainerSpec(instance + "-" + UUID.randomUUID().toString().substring(0, 8), image, "1000:1000",
                labels, Optional.of("host"), 128L * 1024 * 1024, 500_000_000L, 64, 1024, 16L * 1024 * 1024,
                List.of(INPUT), List.of(), List.of(), List.of());
    }

    private String create(Map<String, String> labels) {
        String id = runtime.create(spec(image(), labels));
        created.add(id);
        return id;
    }

    @Test
    void aCreatedContainerExistsStoppedAndIsListedByAllItsLabels() {
        String first = create(Map.of("jobber.runner", "a"));
        String second = create(Map.of("jobber.runner", "b"));

        assertThat(runtime.inspect(first)).hasValueSatisfying(exit -> assertThat(exit.running()).isFalse());
        assertThat(runtime.list(Map.of("jobber-manager", instance))).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrder(first, second);
        assertThat(runtime.list(Map.of("jobber-manager", instance, "jobber.runner", "b")))
                .singleElement().satisfies(info -> {
                    assertThat(info.id()).isEqualTo(second);
                    assertThat(info.labels()).containsEntry("jobber.runner", "b");
                    assertThat(info.running()).isFalse();
                });
        assertThat(runtime.list(Map.of("jobber-manager", instance, "jobber.runner", "c"))).isEmpty();
    }

    @Test
    void aStartedContainerRunsUntilKilledAndIsGoneOnceRemoved() throws Exception {
        String id = create(Map.of());
        runtime.copyInto(id, INPUT, new ByteArrayInputStream(keepsRunning()));
        runtime.start(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.inspect(id).map(ContainerExit::running)
                .orElse(false));
        assertThat(runtime.list(Map.of("jobber-manager", instance))).singleElement()
                .satisfies(info -> assertThat(info.running()).isTrue());

        runtime.kill(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.inspect(id).map(exit -> !exit.running())
                .orElse(false));
        runtime.remove(id);
        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(runtime.list(Map.of("jobber-manager", instance))).isEmpty();
    }

    @Test
    void aContainerWhoseProgramExitsTellsItsCodeAndLastOutput() throws Exception {
        String id = create(Map.of());
        exitsPrinting(id, "the last words");
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.inspect(id).map(exit -> !exit.running())
                .orElse(false));
        assertThat(runtime.inspect(id)).hasValueSatisfying(exit -> {
            assertThat(exit.exitCode()).isEqualTo(1L);
            assertThat(exit.describe()).contains("exited with code 1");
        });
        assertThat(runtime.logs(id, 20)).contains("the last words");
    }

    @Test
    void removingOrKillingAContainerThatIsGoneIsNoError() {
        String id = create(Map.of());
        runtime.remove(id);
        runtime.remove(id);
        runtime.kill(id);
        assertThat(runtime.inspect(id)).isEmpty();
    }

    @Test
    void theEngineRefusesAnUnknownImageACopyOutsideTheInputsAndAContainerThatIsGoneNamingItself() {
        assertThatThrownBy(() -> runtime.create(spec("jobber-no-such-image:" + UUID.randomUUID(), Map.of())))
                .isInstanceOf(ContainerException.class).hasMessageContaining(runtime.address());
        String id = create(Map.of());
        assertThatThrownBy(() -> runtime.copyInto(id, "/etc", new ByteArrayInputStream(tar("x", "y"))))
                .isInstanceOf(ContainerException.class).hasMessageContaining(runtime.address());
        runtime.remove(id);
        assertThatThrownBy(() -> runtime.start(id)).isInstanceOf(ContainerException.class)
                .hasMessageContaining(runtime.address());
    }

    /** A tar holding one file readable by the runner user. */
    static byte[] tar(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setMode(0100400);
            entry.setUserId(1000);
            entry.setGroupId(1000);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
