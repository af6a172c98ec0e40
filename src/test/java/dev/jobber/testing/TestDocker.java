package dev.jobber.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.jobber.runner.image.HostNodeImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The local Docker engine for tests: runner images built from runner-images/, and container bookkeeping. */
public final class TestDocker {

    private static final String SOURCE_HASH = runnerSourceHash();
    private static final String BASE_IMAGE = "jobber-runner-test:" + SOURCE_HASH;
    private static DockerClient client;

    private TestDocker() {
    }

    public static synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).build());
        }
        return client;
    }

    /**
     * The image tag tests use for a Node major version; all are the locally built runner image. Tagged by the runner
     * sources' hash, so test runs of other checkouts on the same engine cannot retag it under a running test.
     */
    public static String image(int nodeMajor) {
        return "jobber-runner-test-node" + nodeMajor + ":" + SOURCE_HASH;
    }

    /**
     * Builds the runner image from the host's node (as {@code RUNNER_IMAGE_BUILD=local} does) once per version of the
     * runner's sources, and tags it per major.
     */
    public static synchronized void ensureRunnerImages() {
        if (!imageExists(BASE_IMAGE)) {
            HostNodeImage.build(BASE_IMAGE);
        }
        for (int major : new int[] {20, 22, 24}) {
            String[] tag = image(major).split(":");
            client().tagImageCmd(BASE_IMAGE, tag[0], tag[1]).withForce().exec();
        }
    }

    /** Tags the runner image (built as by {@link #ensureRunnerImages}) {@code tag}, a test's own to remove. */
    public static synchronized void tagRunnerImage(String tag) {
        ensureRunnerImages();
        String[] parts = tag.split(":");
        client().tagImageCmd(BASE_IMAGE, parts[0], parts[1]).withForce().exec();
    }

    /** Removes an image tag a test made; no error when it is gone. */
    public static void removeImage(String tag) {
        try {
            client().removeImageCmd(tag).withForce(true).exec();
        } catch (NotFoundException e) {
            // not made, or already removed
        }
    }

    /**
     * Takes away the tag runners of a Node major are started from, so they cannot start ("No such image") until
     * {@link #ensureRunnerImages} tags it again; the image itself stays under its other tags.
     */
    public static synchronized void untagRunnerImage(int nodeMajor) {
        client().removeImageCmd(image(nodeMajor)).withNoPrune(true).exec();
    }

    /** A stopped container labelled as a runner of {@code instance} that no runner owns. */
    public static String createOrphan(String instance) {
        return client().createContainerCmd(BASE_IMAGE)
                .withName(instance + "-orphan")
                .withLabels(Map.of("jobber", "true", "jobber-manager", instance,
                        "jobber.runner", UUID.randomUUID().toString()))
                .exec().getId();
    }

    public static boolean containerExists(String id) {
        try {
            client().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public static List<Container> containersOf(String instance) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("jobber-manager", instance)).exec();
    }

    public static void removeContainersOf(String instance) {
        if (instance == null) {
            return;
        }
        for (Container container : containersOf(instance)) {
            try {
                client().removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // already gone
            }
        }
    }

    /** A short hash of runner-images/runner/, so a changed runner gets a fresh test image. */
    private static String runnerSourceHash() {
        try (var files = java.nio.file.Files.list(Path.of("runner-images", "runner"))) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (Path file : files.sorted().toList()) {
                digest.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(java.nio.file.Files.readAllBytes(file));
            }
            return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not read runner-images/runner", e);
        }
    }

    public static boolean imageExists(String image) {
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
