package dev.jobber.runner.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Launches on an engine that provides images first, and what a start that made no container is told. */
class RunnerContainersTest {

    private static final String IMAGE = "runner-test:1";

    /** What a launch reported. */
    private static final class Reported implements RunnerContainers.Launch {
        final CompletableFuture<String> created = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();

        @Override
        public boolean created(String containerId) {
            created.complete(containerId);
            return true;
        }

        @Override
        public void failed(String reason, boolean engine) {
            failed.complete((engine ? "engine: " : "input: ") + reason);
        }
    }

    @Test
    void anImageThatCannotBeProvidedFailsTheLaunchAsTheEngineWouldWithItsMessage() throws Exception {
        FakeContainerRuntime engine = new FakeContainerRuntime();
        ImageSupply failing = image -> {
            throw new ContainerException("Runner image " + image + " could not be built: no such host");
        };
        RunnerContainers containers = new RunnerContainers(new SuppliedImagesRuntime(engine, failing));
        Reported launch = new Reported();

        containers.launch(spec(), List.of(), launch);

        assertThat(launch.failed.get(10, TimeUnit.SECONDS))
                .isEqualTo("engine: Runner image " + IMAGE + " could not be built: no such host");
        assertThat(engine.containers()).isEmpty();
        containers.shutdown(5);
    }

    @Test
    void aContainerIsCreatedAndStartedOnceItsImageIsProvided() throws Exception {
        FakeContainerRuntime engine = new FakeContainerRuntime();
        RunnerContainers containers = new RunnerContainers(new SuppliedImagesRuntime(engine, engine::addImages));
        Reported launch = new Reported();

        containers.launch(spec(), List.of(), launch);

        String id = launch.created.get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().until(() -> engine.inspect(id).map(ContainerExit::running).orElse(false));
        containers.shutdown(5);
    }

    @Test
    void aStartThatMadeNoContainerSaysSo() throws Exception {
        RunnerContainers containers = new RunnerContainers(new FakeContainerRuntime());
        CompletableFuture<String> reason = new CompletableFuture<>();

        containers.describeFailure(null, "it did not become ready within 30 s", reason::complete);

        assertThat(reason.get(10, TimeUnit.SECONDS)).startsWith("it did not become ready within 30 s")
                .endsWith("(no container was created for it)");
        containers.shutdown(5);
    }

    private static ContainerSpec spec() {
        return new ContainerSpec("runner", IMAGE, "1000:1000", Map.of(), Optional.empty(), 1 << 26, 1_000_000_000L,
                64, 1024, 1 << 20, List.of("/jobber/run"), List.of(), List.of(), Map.of(), List.of());
    }
}
