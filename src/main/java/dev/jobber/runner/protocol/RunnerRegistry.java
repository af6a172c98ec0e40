package dev.jobber.runner.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runners that may log in on the manager socket, each with the secret it was given at creation: a connection
 * naming a runner becomes that runner's session only with its secret (compared in constant time), and only once. It
 * also keeps where the manager listens, for the runners' credentials.
 */
public final class RunnerRegistry<R extends RunnerRegistry.Candidate> implements RunnerSessions {

    /** A runner waiting for its connection. */
    public interface Candidate {
        String secret();

        /** Takes the connection (and greets the runner on it); empty when it can no longer log in. */
        Optional<Session> admit(RunnerLink link);
    }

    private final ConcurrentHashMap<UUID, R> runners = new ConcurrentHashMap<>();
    private volatile ManagerEndpoint endpoint;

    public void add(UUID id, R runner) {
        runners.put(id, runner);
    }

    /** Returns whether the runner was still registered. */
    public boolean remove(UUID id) {
        return runners.remove(id) != null;
    }

    @Override
    public void listening(ManagerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Where runners log in; empty until the manager listens. */
    public Optional<ManagerEndpoint> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public Optional<R> get(UUID id) {
        return Optional.ofNullable(runners.get(id));
    }

    public Set<UUID> ids() {
        return Set.copyOf(runners.keySet());
    }

    @Override
    public Optional<Session> open(String runnerId, String secret, RunnerLink link) {
        UUID id;
        try {
            id = UUID.fromString(runnerId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        R runner = runners.get(id);
        if (runner == null || !MessageDigest.isEqual(runner.secret().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return runner.admit(link);
    }
}
