package dev.jobber.runner.image;

import dev.jobber.config.RunnerConfig;
import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerRuntime;
import dev.jobber.runner.container.ImageSupply;
import dev.jobber.runner.image.ImageProvisioner.Method;
import dev.jobber.runner.image.ImageStatus.State;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The runner images of the configured Node majors ({@code RUNNER_IMAGE_NODE<N>_URL}): a missing one is provided when
 * a runner needs it, once for all the runners that need it meanwhile ({@link ImageProvisioner} says how). At startup
 * the images are looked at and the newest Node's is prepared in the background. Each image's {@link ImageStatus} is
 * kept for the readiness check and {@code /api/config}; starts, successes and failures go to Jobber's log.
 */
@ApplicationScoped
public class RunnerImages implements ImageSupply {

    private static final Logger LOG = Logger.getLogger(RunnerImages.class);

    private final ContainerRuntime runtime;
    private final ImageProvisioner provisioner;
    /** Image → Node major, newest Node first. */
    private final Map<String, Integer> majors = new LinkedHashMap<>();
    private final Map<String, ImageStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> provisioning = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @Inject
    public RunnerImages(ContainerRuntime runtime, RunnerConfig config) {
        this(runtime, config, new ImageProvisioner(runtime, config, new BundledRunnerFiles()));
    }

    RunnerImages(ContainerRuntime runtime, RunnerConfig config, ImageProvisioner provisioner) {
        this.runtime = runtime;
        this.provisioner = provisioner;
        majors.putIfAbsent(config.imageNode24Url(), 24);
        majors.putIfAbsent(config.imageNode22Url(), 22);
        majors.putIfAbsent(config.imageNode20Url(), 20);
        majors.forEach((image, major) -> seen(image, State.UNKNOWN, null));
    }

    void onStart(@Observes StartupEvent event) {
        executor.execute(this::prepare);
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /**
     * Returns once the engine has {@code image}, providing it if it is a runner image Jobber may provide; waits for a
     * build already under way. Throws {@link ContainerException} saying why it could not be provided.
     */
    @Override
    public void require(String image) {
        Integer major = majors.get(image);
        Optional<Method> method = provisioner.method(image);
        if (major == null || method.isEmpty()) {
            return;
        }
        if (runtime.hasImage(image)) {
            if (statuses.get(image).state() != State.PRESENT) {
                seen(image, State.PRESENT, null);
            }
            return;
        }
        try {
            provide(image, major, method.get()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ContainerException failure) {
                throw failure;
            }
            throw new ContainerException("Runner image " + image + " could not be provided: " + e.getCause(), e);
        }
    }

    /** What Jobber last saw of each runner image, newest Node first. */
    public List<ImageStatus> statuses() {
        List<ImageStatus> all = new ArrayList<>();
        majors.keySet().forEach(image -> all.add(statuses.get(image)));
        return all;
    }

    /**
     * Looks at every image, then provides the newest Node's if it is missing (for local builds the host's Node's, or
     * when no image is configured for that, the newest).
     */
    void prepare() {
        try {
            for (String image : majors.keySet()) {
                if (!provisioning.containsKey(image)) {
                    seen(image, runtime.hasImage(image) ? State.PRESENT : State.MISSING, null);
                }
            }
            Optional<String> newest = newestProvidable();
            if (newest.isPresent() && statuses.get(newest.get()).state() == State.MISSING) {
                String image = newest.get();
                provide(image, majors.get(image), provisioner.method(image).orElseThrow());
            }
        } catch (ContainerException e) {
            LOG.warnf("Could not prepare the runner images: %s", e.getMessage());
        }
    }

    private Optional<String> newestProvidable() {
        Optional<String> newest = Optional.empty();
        for (Map.Entry<String, Integer> image : majors.entrySet()) {
            Optional<Method> method = provisioner.method(image.getKey());
            if (method.isEmpty()) {
                continue;
            }
            if (method.get() != Method.LOCAL || image.getValue() == provisioner.localMajor()) {
                return Optional.of(image.getKey());
            }
            newest = newest.or(() -> Optional.of(image.getKey()));
        }
        return newest;
    }

    /** The build of {@code image} under way, or a new one; it ends once the engine has the image or it failed. */
    private CompletableFuture<Void> provide(String image, int major, Method method) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = provisioning.putIfAbsent(image, mine);
        if (running != null) {
            return running;
        }
        executor.execute(() -> {
            Throwable failure = null;
            try {
                provideNow(image, major, method);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                provisioning.remove(image, mine);
            }
            if (failure == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return mine;
    }

    private void provideNow(String image, int major, Method method) {
        if (runtime.hasImage(image)) {
            seen(image, State.PRESENT, null);
            return;
        }
        String how = method == Method.PULL ? "pulled" : "built (RUNNER_IMAGE_BUILD=" + method.label() + ")";
        seen(image, State.BUILDING, null);
        LOG.infof("Runner image %s for Node %d is missing and is being %s", image, major, how);
        long started = System.nanoTime();
        try {
            provisioner.provide(image, major, method);
        } catch (ContainerException e) {
            String message = "Runner image " + image + " could not be " + how + ": " + e.getMessage()
                    + (method == Method.DOCKERFILE ? " (where no registry is reachable, RUNNER_IMAGE_BUILD=local builds"
                    + " the image of this host's Node offline)" : "");
            seen(image, State.FAILED, message);
            LOG.error(message);
            throw new ContainerException(message, e);
        } catch (RuntimeException e) {
            String message = "Runner image " + image + " could not be " + how + ": " + e;
            seen(image, State.FAILED, message);
            LOG.error(message, e);
            throw new ContainerException(message, e);
        }
        seen(image, State.PRESENT, null);
        LOG.infof("Runner image %s for Node %d was %s in %d ms", image, major, method == Method.PULL ? "pulled"
                : "built", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void seen(String image, State state, String message) {
        statuses.put(image, new ImageStatus(majors.get(image), image, state, Optional.ofNullable(message),
                Instant.now()));
    }
}
