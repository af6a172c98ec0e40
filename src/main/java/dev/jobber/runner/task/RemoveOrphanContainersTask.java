package dev.jobber.runner.task;

import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.container.ContainerSpecs;
import dev.jobber.runner.container.ContainerInfo;
import dev.jobber.runner.container.ContainerRuntime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Removes containers labelled for this instance that no runner of this manager owns (left by a crash or kill). */
public final class RemoveOrphanContainersTask implements Runnable {

    private static final Logger LOG = Logger.getLogger(RemoveOrphanContainersTask.class);

    private final ContainerRuntime runtime;
    private final RunnerManager manager;
    private final String instance;

    public RemoveOrphanContainersTask(ContainerRuntime runtime, RunnerManager manager, String instance) {
        this.runtime = runtime;
        this.manager = manager;
        this.instance = instance;
    }

    @Override
    public void run() {
        Set<UUID> owned = manager.runnerIds();
        for (ContainerInfo container : runtime.list(Map.of(ContainerSpecs.LABEL_JOBBER, "true",
                ContainerSpecs.LABEL_MANAGER, instance))) {
            String runner = container.labels().get(ContainerSpecs.LABEL_RUNNER);
            if (runner != null && owned.contains(parse(runner))) {
                continue;
            }
            LOG.infof("Removing orphan runner container %s", container.name());
            runtime.remove(container.id());
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
