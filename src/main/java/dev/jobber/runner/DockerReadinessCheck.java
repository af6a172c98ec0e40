package dev.jobber.runner;

import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerRuntime;
import dev.jobber.runner.image.ImageStatus;
import dev.jobber.runner.image.RunnerImages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the container engine answers: without it no function can run. Its details include each runner
 * image's state ({@code node24: jobber-runner-node24:latest building}); a missing or failed image does not make Jobber
 * unready, as other jobs still run.
 */
@Readiness
@ApplicationScoped
public class DockerReadinessCheck implements HealthCheck {

    private final ContainerRuntime runtime;
    private final RunnerImages images;

    public DockerReadinessCheck(ContainerRuntime runtime, RunnerImages images) {
        this.runtime = runtime;
        this.images = images;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            runtime.ping();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("Container engine").up()
                    .withData("address", runtime.address());
            for (ImageStatus image : images.statuses()) {
                response.withData("node" + image.nodeMajor(), image.image() + " " + image.describe());
            }
            return response.build();
        } catch (ContainerException e) {
            return HealthCheckResponse.named("Container engine").down().withData("address", runtime.address())
                    .withData("error", e.getMessage()).build();
        }
    }
}
