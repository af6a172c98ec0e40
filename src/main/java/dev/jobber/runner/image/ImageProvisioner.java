package dev.jobber.runner.image;

import dev.jobber.config.RunnerConfig;
import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerRuntime;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Provides one runner image the engine lacks, as {@code RUNNER_IMAGE_PULL} and {@code RUNNER_IMAGE_BUILD} say: pulls
 * it from the registry its URL names, or builds it from a context Jobber writes ({@link DockerfileContext},
 * {@link LocalContext}). Blocking; every failure is a {@link ContainerException} saying what failed and why.
 */
final class ImageProvisioner {

    private static final Logger LOG = Logger.getLogger(ImageProvisioner.class);

    /** How an image is provided. */
    enum Method {
        PULL, DOCKERFILE, LOCAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String LABEL_BUILD = "jobber.runner.build";
    static final String LABEL_NODE = "jobber.runner.node";

    private final ContainerRuntime runtime;
    private final RunnerConfig config;
    private final BundledRunnerFiles files;

    ImageProvisioner(ContainerRuntime runtime, RunnerConfig config, BundledRunnerFiles files) {
        this.runtime = runtime;
        this.config = config;
        this.files = files;
    }

    /** How {@code image} would be provided; empty when Jobber provides none ({@code RUNNER_IMAGE_BUILD=none}). */
    Optional<Method> method(String image) {
        if (config.imagePull() && namesRegistry(image)) {
            return Optional.of(Method.PULL);
        }
        return switch (config.imageBuild()) {
            case DOCKERFILE -> Optional.of(Method.DOCKERFILE);
            case LOCAL -> Optional.of(Method.LOCAL);
            case NONE -> Optional.empty();
        };
    }

    /** The Node major a local build provides truly: the host's (other majors' images get the host's Node too). */
    int localMajor() {
        return hostNode().major();
    }

    /** Provides {@code image}, the runner image of Node {@code nodeMajor}, by {@code method}. */
    void provide(String image, int nodeMajor, Method method) {
        switch (method) {
            case PULL -> runtime.pullImage(image, config.imageBuildTimeout());
            case DOCKERFILE -> build(image, Map.of(LABEL_BUILD, method.label(), LABEL_NODE, "node" + nodeMajor),
                    out -> new DockerfileContext(files).write(nodeMajor, out));
            case LOCAL -> {
                HostNode node = hostNode();
                if (node.major() != nodeMajor) {
                    LOG.warnf("Building %s, the runner image of Node %d, from this host's Node %s (%s): "
                            + "RUNNER_IMAGE_BUILD=local has no other; functions that need Node %d may fail. Use "
                            + "RUNNER_IMAGE_BUILD=dockerfile where a registry is reachable", image, nodeMajor,
                            node.version(), node.binary(), nodeMajor);
                }
                build(image, Map.of(LABEL_BUILD, method.label(), LABEL_NODE, node.version()),
                        out -> new LocalContext(files).write(node, out));
            }
        }
    }

    /**
     * Whether an image reference names a registry, as the engine reads it: its first path part has a dot or a port,
     * or is {@code localhost}.
     */
    static boolean namesRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String host = image.substring(0, slash);
        return host.contains(".") || host.contains(":") || host.equals("localhost");
    }

    private HostNode hostNode() {
        try {
            return HostNode.find(config.imageLocalNode());
        } catch (IOException e) {
            throw new ContainerException("RUNNER_IMAGE_BUILD=local could not use this host's node ("
                    + config.imageLocalNode() + "): " + e.getMessage(), e);
        }
    }

    private interface ContextWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes the context to a temporary file (it holds a node binary, ~100 MB), then hands it to the engine. */
    private void build(String image, Map<String, String> labels, ContextWriter context) {
        Path file = null;
        try {
            file = Files.createTempFile("jobber-image-", ".tar");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                context.write(out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                runtime.buildImage(image, in, labels, config.imageBuildTimeout());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ContainerException engine) {
                throw engine;
            }
            throw new ContainerException("Could not write the build context of " + image + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }
}
