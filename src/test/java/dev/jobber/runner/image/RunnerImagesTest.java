package dev.jobber.runner.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobber.config.RunnerConfig;
import dev.jobber.config.RunnerConfig.ImageBuild;
import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerSpec;
import dev.jobber.runner.container.FakeContainerRuntime;
import dev.jobber.runner.container.SuppliedImagesRuntime;
import dev.jobber.runner.image.ImageStatus.State;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Missing runner images are provided once, as configured, on a fake engine. */
class RunnerImagesTest {

    private static final String NODE20 = "runner-test-node20:1";
    private static final String NODE22 = "runner-test-node22:1";
    private static final String NODE24 = "runner-test-node24:1";

    private final FakeContainerRuntime engine = new FakeContainerRuntime();

    @Test
    void concurrentNeedsOfAMissingImageShareOneBuild() throws Exception {
        engine.addImages("node:24-slim");
        RunnerImages images = images(ImageBuild.DOCKERFILE, false, NODE24);
        CountDownLatch gate = engine.holdBuilds();
        List<Thread> needs = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            needs.add(Thread.ofVirtual().start(() -> {
                try {
                    images.require(NODE24);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(images, 24).state() == State.BUILDING);

        gate.countDown();
        for (Thread need : needs) {
            need.join(Duration.ofSeconds(10));
        }

        assertThat(failures).isEmpty();
        assertThat(engine.built()).containsExactly(NODE24);
        assertThat(engine.hasImage(NODE24)).isTrue();
        assertThat(status(images, 24).state()).isEqualTo(State.PRESENT);
    }

    @Test
    void aFailedBuildFailsWithTheEnginesMessageAndTheNextNeedTriesAgain() {
        RunnerImages images = images(ImageBuild.DOCKERFILE, false, NODE24);

        assertThatThrownBy(() -> images.require(NODE24)).isInstanceOf(ContainerException.class)
                .hasMessageContaining("Runner image " + NODE24 + " could not be built (RUNNER_IMAGE_BUILD=dockerfile)")
                .hasMessageContaining("pull access denied for node:24-slim");
        assertThat(status(images, 24).state()).isEqualTo(State.FAILED);
        assertThat(status(images, 24).message()).hasValueSatisfying(message -> assertThat(message)
                .contains("pull access denied for node:24-slim"));

        engine.addImages("node:24-slim");
        images.require(NODE24);
        assertThat(engine.built()).containsExactly(NODE24);
        assertThat(status(images, 24).state()).isEqualTo(State.PRESENT);
    }

    @Test
    void anImageThatIsThereIsNeitherBuiltNorPulled() {
        engine.addImages(NODE24);
        RunnerImages images = images(ImageBuild.DOCKERFILE, true, NODE24);

        images.require(NODE24);

        assertThat(engine.built()).isEmpty();
        assertThat(status(images, 24).state()).isEqualTo(State.PRESENT);
    }

    @Test
    void anImageNamingARegistryIsPulledWhenPullingIsOnAndBuiltOtherwise() {
        String remote = "registry.example.com:5000/jobber-runner-node24:1";
        engine.inRegistry(remote);
        engine.addImages("node:24-slim");

        images(ImageBuild.NONE, true, remote).require(remote);
        assertThat(engine.hasImage(remote)).isTrue();
        assertThat(engine.built()).isEmpty();

        String other = "registry.example.com:5000/other-node24:1";
        images(ImageBuild.DOCKERFILE, false, other).require(other);
        assertThat(engine.built()).containsExactly(other);
    }

    @Test
    void withBuildNoneAMissingImageIsLeftToTheEngineWhichRefusesTheContainer() {
        SuppliedImagesRuntime runtime = new SuppliedImagesRuntime(engine, images(ImageBuild.NONE, true, NODE24));

        assertThatThrownBy(() -> runtime.create(spec(NODE24))).isInstanceOf(ContainerException.class)
                .hasMessageContaining("No such image: " + NODE24);
        assertThat(engine.built()).isEmpty();
    }

    @Test
    void aContainerOfAMissingRunnerImageIsCreatedOnceItsImageIsBuilt() {
        engine.addImages("node:24-slim");
        SuppliedImagesRuntime runtime = new SuppliedImagesRuntime(engine, images(ImageBuild.DOCKERFILE, false, NODE24));

        String id = runtime.create(spec(NODE24));

        assertThat(engine.containers()).extracting(container -> container.id).containsExactly(id);
        assertThat(engine.built()).containsExactly(NODE24);
    }

    @Test
    void anImageThatIsNoRunnerImageIsLeftToTheEngine() {
        RunnerImages images = images(ImageBuild.DOCKERFILE, false, NODE24);

        images.require("something-else:1");

        assertThat(engine.built()).isEmpty();
    }

    @Test
    void atStartTheImagesAreLookedAtAndTheNewestNodesIsBuilt() {
        engine.addImages("node:24-slim", NODE20);
        RunnerImages images = images(ImageBuild.DOCKERFILE, false, NODE24);

        images.prepare();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(images, 24).state() == State.PRESENT);
        assertThat(engine.built()).containsExactly(NODE24);
        assertThat(images.statuses()).extracting(ImageStatus::nodeMajor, ImageStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(24, State.PRESENT),
                org.assertj.core.groups.Tuple.tuple(22, State.MISSING),
                org.assertj.core.groups.Tuple.tuple(20, State.PRESENT));
    }

    @Test
    void aLocalBuildOfAnotherNodeThanTheHostsGetsTheHostsNode() throws IOException {
        HostNode host = HostNode.find("node");
        String image = host.major() == 24 ? NODE22 : NODE24;
        RunnerImages images = images(ImageBuild.LOCAL, false, image);

        images.require(image);

        assertThat(engine.built()).containsExactly(image);
        assertThat(images.statuses()).filteredOn(status -> status.image().equals(image))
                .extracting(ImageStatus::state).containsExactly(State.PRESENT);
    }

    private RunnerImages images(ImageBuild build, boolean pull, String node24) {
        RunnerConfig config = config(build, pull, node24);
        return new RunnerImages(engine, config, new ImageProvisioner(engine, config, new BundledRunnerFiles()));
    }

    private static ImageStatus status(RunnerImages images, int major) {
        return images.statuses().stream().filter(status -> status.nodeMajor() == major).findFirst().orElseThrow();
    }

    private static ContainerSpec spec(String image) {
        return new ContainerSpec("runner", image, "1000:1000", Map.of(), Optional.empty(), 1 << 26, 1_000_000_000L,
                64, 1024, 1 << 20, List.of("/jobber/run"), List.of(), List.of(), Map.of(), List.of());
    }

    private static RunnerConfig config(ImageBuild build, boolean pull, String node24) {
        return (RunnerConfig) Proxy.newProxyInstance(RunnerConfig.class.getClassLoader(),
                new Class<?>[] {RunnerConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "imageBuild" -> build;
                    case "imagePull" -> pull;
                    case "imageBuildTimeout" -> Duration.ofMinutes(1);
                    case "imageLocalNode" -> "node";
                    case "imageNode20Url" -> NODE20;
                    case "imageNode22Url" -> node24.equals(NODE22) ? "unused-node22:1" : NODE22;
                    case "imageNode24Url" -> node24;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
