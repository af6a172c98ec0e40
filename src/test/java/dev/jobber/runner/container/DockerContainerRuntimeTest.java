package dev.jobber.runner.container;

import dev.jobber.runner.container.docker.DockerContainerRuntime;
import dev.jobber.testing.TestDocker;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** The Docker engine keeps the container contract, with the runner image. */
class DockerContainerRuntimeTest extends ContainerRuntimeContractTest {

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @Override
    protected ContainerRuntime runtime() {
        TestDocker.ensureRunnerImages();
        return new DockerContainerRuntime();
    }

    @Override
    protected String image() {
        return TestDocker.image(24);
    }

    /** Credentials pointing at a socket that takes the runner's connection and keeps it open. */
    @Override
    protected byte[] keepsRunning() throws Exception {
        ServerSocket manager = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(manager);
        Thread.ofVirtual().start(() -> {
            try {
                Socket runner = manager.accept();
                open.add(runner);
            } catch (Exception e) {
                // closed at the test's end
            }
        });
        return tar("credentials.json", "{\"runnerId\":\"r\",\"secret\":\"s\",\"managerHost\":\"127.0.0.1\","
                + "\"managerPort\":" + manager.getLocalPort() + "}");
    }

    /** Credentials that are not JSON: the runner quotes them in its complaint and exits with code 1. */
    @Override
    protected void exitsPrinting(String containerId, String line) {
        runtime.copyInto(containerId, INPUT, new ByteArrayInputStream(tar("credentials.json", line)));
        runtime.start(containerId);
    }

    @Override
    protected void removeImage(String image) {
        if (runtime.hasImage(image)) {
            TestDocker.client().removeImageCmd(image).withForce(true).exec();
        }
    }

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }
}
