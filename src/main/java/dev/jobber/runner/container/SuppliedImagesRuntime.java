package dev.jobber.runner.container;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ContainerRuntime} whose {@link #create} first has the container's image provided by an {@link ImageSupply}
 * (so creating the first runner of a Node major may wait for its image's build); every other call goes straight to the
 * engine.
 */
public final class SuppliedImagesRuntime implements ContainerRuntime, AutoCloseable {

    private final ContainerRuntime engine;
    private final ImageSupply images;

    public SuppliedImagesRuntime(ContainerRuntime engine, ImageSupply images) {
        this.engine = engine;
        this.images = images;
    }

    @Override
    public String create(ContainerSpec spec) {
        images.require(spec.image());
        return engine.create(spec);
    }

    @Override
    public String address() {
        return engine.address();
    }

    @Override
    public void ping() {
        engine.ping();
    }

    @Override
    public void copyInto(String containerId, String path, InputStream tar) {
        engine.copyInto(containerId, path, tar);
    }

    @Override
    public void start(String containerId) {
        engine.start(containerId);
    }

    @Override
    public void kill(String containerId) {
        engine.kill(containerId);
    }

    @Override
    public void remove(String containerId) {
        engine.remove(containerId);
    }

    @Override
    public Optional<ContainerExit> inspect(String containerId) {
        return engine.inspect(containerId);
    }

    @Override
    public String logs(String containerId, int lines) {
        return engine.logs(containerId, lines);
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        return engine.list(labels);
    }

    @Override
    public boolean hasImage(String image) {
        return engine.hasImage(image);
    }

    @Override
    public void buildImage(String tag, InputStream context, Map<String, String> labels, Duration timeout) {
        engine.buildImage(tag, context, labels, timeout);
    }

    @Override
    public void pullImage(String image, Duration timeout) {
        engine.pullImage(image, timeout);
    }

    @Override
    public void close() throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
