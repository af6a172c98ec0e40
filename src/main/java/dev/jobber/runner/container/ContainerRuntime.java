package dev.jobber.runner.container;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container engine, as runners need it. Every call is blocking, bounded by a timeout, and throws
 * {@link ContainerException} naming the engine's address when the engine fails; removing or killing a container that
 * is already gone is not an error.
 */
public interface ContainerRuntime {

    /** The engine's address, for messages. */
    String address();

    /** Checks that the engine answers. */
    void ping();

    /** Creates (does not start) a container as {@code spec} says, every limit applied, and returns its id. */
    String create(ContainerSpec spec);

    /**
     * Extracts a tar stream into the (created or running) container at {@code path}, one of its spec's
     * {@link ContainerSpec#inputDirectories()} (the root filesystem is read-only); entries keep their owner and mode.
     */
    void copyInto(String containerId, String path, InputStream tar);

    void start(String containerId);

    /** Kills the container's processes at once. */
    void kill(String containerId);

    /** Removes the container, killing it first if it runs. */
    void remove(String containerId);

    /** State of a container, empty when it no longer exists. */
    Optional<ContainerExit> inspect(String containerId);

    /** The last lines the container wrote to stdout and stderr. */
    String logs(String containerId, int lines);

    /** Containers carrying all these labels, running or not. */
    List<ContainerInfo> list(Map<String, String> labels);

    /** Whether the engine has {@code image} (a reference such as {@code name:tag}). */
    boolean hasImage(String image);

    /**
     * Builds an image from a tar build context (its {@code Dockerfile} at the root) and tags it {@code tag}; base
     * images the Dockerfile names are pulled by the engine. Waits up to {@code timeout} for the build; a failed build
     * throws with the engine's own message.
     */
    void buildImage(String tag, InputStream context, Map<String, String> labels, Duration timeout);

    /** Pulls {@code image} from the registry its reference names, waiting up to {@code timeout}. */
    void pullImage(String image, Duration timeout);
}
