package dev.jobber.runner.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The life of runner containers on the engine: created, filled and started, described when they failed, removed.
 * Every engine call runs on a virtual thread of its own, so no caller waits for the engine.
 */
public final class RunnerContainers {

    private static final Logger LOG = Logger.getLogger(RunnerContainers.class);

    /** What a launch reports, from its virtual thread. */
    public interface Launch {
        /** The container exists; answers false when its runner was closed meanwhile, and the container is removed. */
        boolean created(String containerId);

        /**
         * The container could not be created, filled or started: {@code engine} when the engine failed (no
         * container could start), not when the job's own input did.
         */
        void failed(String reason, boolean engine);
    }

    /** A tar stream to extract into one of the spec's input directories before start. */
    public record Input(String directory, TarSource tar) {
    }

    @FunctionalInterface
    public interface TarSource {
        InputStream open() throws IOException;
    }

    private final ContainerRuntime runtime;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public RunnerContainers(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    public void launch(ContainerSpec spec, List<Input> inputs, Launch launch) {
        executor.execute(() -> {
            try {
                String id = runtime.create(spec);
                if (!launch.created(id)) {
                    runtime.remove(id);
                    return;
                }
                for (Input input : inputs) {
                    try (InputStream tar = input.tar().open()) {
                        runtime.copyInto(id, input.directory(), tar);
                    }
                }
                runtime.start(id);
            } catch (ContainerException e) {
                launch.failed(e.getMessage(), true);
            } catch (IOException | RuntimeException e) {
                launch.failed(String.valueOf(e.getMessage()), false);
            }
        });
    }

    /** Finds out why a container's runner failed (exit code, out of memory, last output) and reports it. */
    public void describeFailure(String containerId, String what, Consumer<String> reason) {
        executor.execute(() -> {
            StringBuilder text = new StringBuilder(what);
            if (containerId == null) {
                text.append(" (no container was created for it)");
            } else {
                try {
                    runtime.inspect(containerId).ifPresent(exit -> text.append(" (container ").append(exit.describe())
                            .append(")"));
                    String logs = runtime.logs(containerId, 20).strip();
                    if (!logs.isEmpty()) {
                        text.append("; its last output: ").append(logs);
                    }
                } catch (ContainerException e) {
                    text.append(" (").append(e.getMessage()).append(")");
                }
            }
            reason.accept(text.toString());
        });
    }

    /** Removes a container in the background; {@code owner} names it in the warning when the engine refuses. */
    public void remove(String containerId, String owner) {
        if (containerId == null) {
            return;
        }
        executor.execute(() -> {
            try {
                runtime.remove(containerId);
            } catch (ContainerException e) {
                LOG.warnf("Could not remove the container of %s: %s", owner, e.getMessage());
            }
        });
    }

    /** Waits up to {@code seconds} for the engine calls under way. */
    public void shutdown(long seconds) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }
}
