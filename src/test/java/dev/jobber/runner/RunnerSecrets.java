package dev.jobber.runner;

import io.quarkus.arc.ClientProxy;
import java.lang.reflect.Field;
import java.util.UUID;

/** The secret the manager generated for a live runner, read in-process so tests can look for its real value. */
public final class RunnerSecrets {

    private RunnerSecrets() {
    }

    public static String of(RunnerManager manager, UUID runnerId) {
        try {
            Field services = RunnerManager.class.getDeclaredField("services");
            services.setAccessible(true);
            Runner runner = ((PoolServices) services.get(ClientProxy.unwrap(manager))).registry().get(runnerId)
                    .orElse(null);
            if (runner == null) {
                throw new IllegalStateException("No live runner " + runnerId);
            }
            return runner.secret;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
