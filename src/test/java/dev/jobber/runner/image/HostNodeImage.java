package dev.jobber.runner.image;

import dev.jobber.runner.container.docker.DockerContainerRuntime;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builds the runner image of the host's Node for tests, as {@code RUNNER_IMAGE_BUILD=local} does. */
public final class HostNodeImage {

    private HostNodeImage() {
    }

    /** Builds it under {@code tag}. */
    public static void build(String tag) {
        Path context = null;
        try (DockerContainerRuntime engine = new DockerContainerRuntime()) {
            HostNode node = HostNode.find("node");
            context = Files.createTempFile("jobber-test-image-", ".tar");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(context), 1 << 20)) {
                new LocalContext(new BundledRunnerFiles()).write(node, out);
            }
            try (InputStream in = Files.newInputStream(context)) {
                engine.buildImage(tag, in, Map.of(ImageProvisioner.LABEL_BUILD, "local", ImageProvisioner.LABEL_NODE,
                        node.version()), Duration.ofMinutes(5));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not build the test runner image " + tag, e);
        } finally {
            if (context != null) {
                context.toFile().delete();
            }
        }
    }
}
