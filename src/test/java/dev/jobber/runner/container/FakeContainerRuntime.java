package dev.jobber.runner.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An engine in memory, for tests of what drives containers: it keeps the containers' specs, the tar streams copied
 * into them and their states, runs nothing, and fails as {@link ContainerRuntime} says an engine fails (an unknown
 * image, a container that is gone, a path outside the input directories, an engine that is {@link #down}).
 */
public final class FakeContainerRuntime implements ContainerRuntime {

    public static final String ADDRESS = "fake://engine";

    /** One container as the fake keeps it. */
    public static final class Container {
        public final String id = UUID.randomUUID().toString().replace("-", "");
        public final ContainerSpec spec;
        public final Map<String, byte[]> copied = new LinkedHashMap<>();
        volatile boolean running;
        volatile Long exitCode = 0L;
        final StringBuilder output = new StringBuilder();

        Container(ContainerSpec spec) {
            this.spec = spec;
        }

        public boolean running() {
            return running;
        }
    }

    private final Set<String> images = ConcurrentHashMap.newKeySet();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private volatile boolean down;

    public FakeContainerRuntime(String... images) {
        this.images.addAll(List.of(images));
    }

    /** Every call fails as with an engine that does not answer, until {@code down} is false again. */
    public void down(boolean down) {
        this.down = down;
    }

    /** The container's program exits by itself with {@code code}, having printed {@code output}. */
    public void exit(String containerId, long code, String output) {
        Container container = existing(containerId, "exit");
        container.output.append(output);
        container.running = false;
        container.exitCode = code;
    }

    public List<Container> containers() {
        return new ArrayList<>(containers.values());
    }

    @Override
    public String address() {
        return ADDRESS;
    }

    @Override
    public void ping() {
        engine("ping");
    }

    @Override
    public String create(ContainerSpec spec) {
        engine("create container " + spec.name());
        if (!images.contains(spec.image())) {
            throw failure("create container " + spec.name(), "No such image: " + spec.image());
        }
        Container container = new Container(spec);
        containers.put(container.id, container);
        return container.id;
    }

    @Override
    public void copyInto(String containerId, String path, InputStream tar) {
        Container container = existing(containerId, "copy into container " + containerId);
        if (!container.spec.inputDirectories().contains(path)) {
            throw failure("copy into container " + containerId, "container rootfs is marked read-only");
        }
        try {
            container.copied.put(path, tar.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void start(String containerId) {
        existing(containerId, "start container " + containerId).running = true;
    }

    @Override
    public void kill(String containerId) {
        engine("kill container " + containerId);
        Container container = containers.get(containerId);
        if (container != null && container.running) {
            container.running = false;
            container.exitCode = 137L;
        }
    }

    @Override
    public void remove(String containerId) {
        engine("remove container " + containerId);
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerExit> inspect(String containerId) {
        engine("inspect container " + containerId);
        Container container = containers.get(containerId);
        return container == null ? Optional.empty()
                : Optional.of(new ContainerExit(container.running, container.exitCode, false, ""));
    }

    @Override
    public String logs(String containerId, int lines) {
        Container container = existing(containerId, "read the logs of container " + containerId);
        List<String> all = container.output.toString().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        engine("list containers");
        List<ContainerInfo> found = new ArrayList<>();
        for (Container container : containers.values()) {
            Map<String, String> own = new HashMap<>(container.spec.labels());
            if (own.entrySet().containsAll(labels.entrySet())) {
                found.add(new ContainerInfo(container.id, container.spec.name(), own, container.running));
            }
        }
        return found;
    }

    private Container existing(String containerId, String what) {
        engine(what);
        Container container = containers.get(containerId);
        if (container == null) {
            throw failure(what, "No such container: " + containerId);
        }
        return container;
    }

    private void engine(String what) {
        if (down) {
            throw failure(what, "Connection refused");
        }
    }

    private static ContainerException failure(String what, String message) {
        return new ContainerException("Docker engine at " + ADDRESS + " failed to " + what + ": " + message);
    }
}
