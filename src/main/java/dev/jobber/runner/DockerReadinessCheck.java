package dev.jobber.runner;

import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the container engine answers: without it no function can run. */
@Readiness
@ApplicationScoped
public class DockerReadinessCheck implements HealthCheck {

    private final ContainerRuntime runtime;

    public DockerReadinessCheck(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            runtime.ping();
            return HealthCheckResponse.named("Container engine").up().withData("address", runtime.address()).build();
        } catch (ContainerException e) {
            return HealthCheckResponse.named("Container engine").down().withData("address", runtime.address())
                    .withData("error", e.getMessage()).build();
        }
    }
}
