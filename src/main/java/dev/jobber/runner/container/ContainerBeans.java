package dev.jobber.runner.container;

import dev.jobber.runner.container.docker.DockerContainerRuntime;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** The container engine Jobber runs functions on. */
public final class ContainerBeans {

    @Produces
    @Singleton
    ContainerRuntime containerRuntime() {
        return new DockerContainerRuntime();
    }

    void close(@Disposes ContainerRuntime runtime) throws IOException {
        if (runtime instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
