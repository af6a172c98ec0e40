package dev.jobber.runner.container;

import dev.jobber.runner.container.docker.DockerContainerRuntime;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The container engine Jobber runs functions on; a runner's missing image is provided ({@link ImageSupply}) before its
 * container is created.
 */
public final class ContainerBeans {

    @Produces
    @Singleton
    ContainerRuntime containerRuntime(ImageSupply images) {
        return new SuppliedImagesRuntime(new DockerContainerRuntime(), images);
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
