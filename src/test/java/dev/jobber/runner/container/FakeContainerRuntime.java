package dev.jobber.runner.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An engine in memory, for tests of what drives containers: it keeps the containers' specs, the tar streams copied
 * into them and their states, runs nothing, and fails as {@link ContainerRuntime} says an engine fails (an unknown
 * image, a container that is gone, a path outside the input directories, an engine that is {@link #down}). It builds
 * an image when its Dockerfile's {@code FROM} is {@code scratch} or an image it has, and pulls only what
 * {@link #inRegistry} put in its registry.
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
    private final Set<String> registry = ConcurrentHashMap.newKeySet();
    private final List<String> built = new CopyOnWriteArrayList<>();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile CountDownLatch buildGate;

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

    /** The engine has these images from now on. */
    public void addImages(String... images) {
        this.images.addAll(List.of(images));
    }

    /** Builds wait until the returned latch is counted down (at most a minute). */
    public CountDownLatch holdBuilds() {
        buildGate = new CountDownLatch(1);
        return buildGate;
    }

    /** Images its registry serves to {@link #pullImage}. */
    public void inRegistry(String... images) {
        registry.addAll(List.of(images));
    }

    /** The tags of every image built so far, in order. */
    public List<String> built() {
        return List.copyOf(built);
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

    @Override
    public boolean hasImage(String image) {
        engine("inspect image " + image);
        return images.contains(image);
    }

    @Override
    public void buildImage(String tag, InputStream context, Map<String, String> labels, Duration timeout) {
        engine("build image " + tag);
        CountDownLatch gate = buildGate;
        if (gate != null) {
            try {
                gate.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String base = baseImage(context);
        if (!base.equals("scratch") && !images.contains(base)) {
            throw failure("build image " + tag, "pull access denied for " + base);
        }
        built.add(tag);
        images.add(tag);
    }

    @Override
    public void pullImage(String image, Duration timeout) {
        engine("pull image " + image);
        if (!registry.contains(image)) {
            throw failure("pull image " + image, "manifest for " + image + " not found");
        }
        images.add(image);
    }

    private static String baseImage(InputStream context) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(context)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals("Dockerfile")) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .filter(line -> line.startsWith("FROM ")).findFirst()
                            .map(line -> line.substring(5).strip()).orElse("");
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
