package dev.jobber.runner;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What runners get where no feature provides more: no environment, no store, no MQTT connection. */
public final class RunnerDefaults {

    @Produces
    @Singleton
    @DefaultBean
    RunnerEnvironment noEnvironment() {
        return jobId -> Map.of();
    }

    @Produces
    @Singleton
    @DefaultBean
    StoreCalls noStore() {
        return (jobId, op, arguments, body) -> CompletableFuture.failedFuture(new IllegalStateException(
                "The store is not available on this Jobber"));
    }

    @Produces
    @Singleton
    @DefaultBean
    MessagePublisher noMqtt() {
        return (jobId, topic, payload) -> CompletableFuture.completedFuture(false);
    }
}
