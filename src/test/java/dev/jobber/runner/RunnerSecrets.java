package dev.jobber.runner;

import dev.jobber.runner.protocol.RunnerRegistry;
import io.quarkus.arc.ClientProxy;
import java.lang.reflect.Field;
import java.util.UUID;

/** The secret the manager generated for a live runner, read in-process so tests can look for its real value. */
public final class RunnerSecrets {

    private RunnerSecrets() {
    }

    @SuppressWarnings("unchecked")
    public static String of(RunnerManager manager, UUID runnerId) {
        try {
            Field registry = RunnerManager.class.getDeclaredField("registry");
            registry.setAccessible(true);
            Runner runner = ((RunnerRegistry<Runner>) registry.get(ClientProxy.unwrap(manager))).get(runnerId)
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
