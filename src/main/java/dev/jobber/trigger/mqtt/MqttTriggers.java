package dev.jobber.trigger.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.config.JobberConfig;
import dev.jobber.database.changes.Change;
import dev.jobber.database.changes.FullCheck;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.ActiveVersions;
import dev.jobber.job.TriggerStatus;
import dev.jobber.job.TriggerStatuses;
import dev.jobber.job.VersionsChanged;
import dev.jobber.job.manifest.TriggerDefinition;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.runner.MessagePublisher;
import dev.jobber.runner.RunnerEnvironment;
import dev.jobber.runner.RunnerManager;
import dev.jobber.trigger.TriggerLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The MQTT triggers of every enabled job's active version: one connection each, messages handed to the job's
 * runners through {@link MqttDelivery} and acknowledged once handled, and the connections functions publish through.
 */
@ApplicationScoped
public class MqttTriggers implements MessagePublisher, MqttTriggerConnection.Handler {

    private static final Logger LOG = Logger.getLogger(MqttTriggers.class);

    /**
     * A trigger as it was connected; a change of any part reconnects it. Neither the version nor the trigger row is
     * part of it: a new version with the same trigger keeps its connection, so no message waits for a reconnect.
     * {@code ordinal} tells apart identical triggers of one version.
     */
    private record Key(JsonNode context, int ordinal, String name, Map<String, String> environment) {
    }

    private final ActiveVersions activeVersions;
    private final RunnerEnvironment environment;
    private final TriggerStatuses statuses;
    private final TriggerLog log;
    private final String instance;
    private final MqttDelivery delivery;
    private final Map<UUID, Map<Key, MqttTriggerConnection>> connections = new ConcurrentHashMap<>();

    public MqttTriggers(Vertx vertx, ActiveVersions activeVersions, RunnerManager runners,
            RunnerEnvironment environment, TriggerStatuses statuses, TriggerLog log, JobberConfig jobber,
            JobberMetrics metrics) {
        this.log = log;
        this.activeVersions = activeVersions;
        this.environment = environment;
        this.statuses = statuses;
        this.instance = jobber.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        this.delivery = new MqttDelivery(vertx, runners, log, metrics);
    }

    void start(@Observes @Priority(30) StartupEvent event) {
        reconcileAll();
    }

    void stop(@Observes ShutdownEvent event) {
        connections.values().forEach(byKey -> byKey.values().forEach(MqttTriggerConnection::close));
        connections.clear();
    }

    void onVersionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) VersionsChanged event) {
        follow(event.jobId());
    }

    /** A job or its environment (its connection settings) changed through any instance on the database. */
    void onChange(@Observes Change change) {
        change.jobId().ifPresent(this::follow);
    }

    void onFullCheck(@Observes FullCheck check) {
        reconcileAll();
    }

    private void follow(UUID jobId) {
        try {
            apply(jobId, activeVersions.find(jobId).orElse(null));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not update the MQTT triggers of job %s", jobId);
        }
    }

    synchronized void reconcileAll() {
        try {
            Map<UUID, ActiveVersion> active = new HashMap<>();
            activeVersions.list().forEach(v -> active.put(v.jobId(), v));
            for (UUID jobId : List.copyOf(connections.keySet())) {
                if (!active.containsKey(jobId)) {
                    apply(jobId, null);
                }
            }
            active.forEach(this::apply);
        } catch (RuntimeException e) {
            LOG.warnf("Could not reconcile MQTT triggers: %s", e.getMessage());
        }
    }

    private synchronized void apply(UUID jobId, ActiveVersion version) {
        Map<Key, MqttTriggerConnection> current = connections.getOrDefault(jobId, Map.of());
        Map<Key, MqttTriggerConnection> wanted = new HashMap<>();
        Map<Key, ActiveVersion.Trigger> added = new HashMap<>();
        Map<String, String> env = version == null ? Map.of() : environment.of(jobId);
        if (version != null) {
            Map<JsonNode, Integer> seen = new HashMap<>();
            for (ActiveVersion.Trigger trigger : version.triggers()) {
                if (!(trigger.definition() instanceof TriggerDefinition.Mqtt)) {
                    continue;
                }
                int ordinal = seen.merge(trigger.context(), 1, Integer::sum) - 1;
                Key key = new Key(trigger.context(), ordinal, trigger.name(), env);
                MqttTriggerConnection existing = current.get(key);
                if (existing != null) {
                    adopt(existing, trigger.id());
                    wanted.put(key, existing);
                } else {
                    added.put(key, trigger);
                }
            }
        }
        // Replaced connections are closed before their successors connect: a successor may take over the same
        // client id, and its status must not be cleared after it connected.
        for (var entry : current.entrySet()) {
            if (!wanted.containsKey(entry.getKey())) {
                entry.getValue().close();
                statuses.remove(entry.getValue().triggerId);
            }
        }
        added.forEach((key, trigger) -> wanted.put(key, connect(version, trigger, key.ordinal(), env)));
        if (wanted.isEmpty()) {
            connections.remove(jobId);
        } else {
            connections.put(jobId, new ConcurrentHashMap<>(wanted));
        }
    }

    /** A new version's trigger row takes over the connection of the same trigger, with its status. */
    private void adopt(MqttTriggerConnection connection, UUID triggerId) {
        UUID previous = connection.triggerId;
        if (previous.equals(triggerId)) {
            return;
        }
        connection.triggerId = triggerId;
        statuses.set(triggerId, statuses.of(previous));
        statuses.remove(previous);
    }

    private MqttTriggerConnection connect(ActiveVersion version, ActiveVersion.Trigger trigger, int ordinal,
            Map<String, String> env) {
        TriggerDefinition.Mqtt mqtt = (TriggerDefinition.Mqtt) trigger.definition();
        List<String> topics = new ArrayList<>(mqtt.topics());
        String identity = identity(version.jobId(), trigger.context(), ordinal);
        MqttSettings settings;
        try {
            settings = MqttSettings.of(mqtt.connection(), env);
        } catch (IllegalArgumentException e) {
            statuses.set(trigger.id(), TriggerStatus.unhealthy("Invalid connection: " + e.getMessage()));
            // Kept unconnected so the same faulty settings are not retried every reconcile.
            return new MqttTriggerConnection(version.jobId(), trigger.id(), version.jobName(), trigger.name(), topics,
                    null, identity, null, this);
        }
        String clientId = settings.clientId() != null ? settings.clientId() : "jobber-" + instance + "-" + identity;
        MqttTriggerConnection connection = new MqttTriggerConnection(version.jobId(), trigger.id(),
                version.jobName(), trigger.name(), topics, settings, identity, clientId, this);
        statuses.set(trigger.id(), TriggerStatus.unhealthy("Connecting to " + settings));
        connection.start();
        return connection;
    }

    /**
     * What names a trigger across versions: its job, its definition as published (topics and connection settings,
     * variable names rather than values) and its place among identical triggers. It names the MQTT session, so a
     * version that keeps the trigger resumes the session of the one before.
     */
    static String identity(UUID jobId, JsonNode context, int ordinal) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((jobId + "\n" + context + "\n" + ordinal).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onStatus(MqttTriggerConnection connection, boolean healthy, String status) {
        String message = connection.settings == null ? status : connection.settings.redact(status);
        statuses.set(connection.triggerId, healthy ? TriggerStatus.healthy(message) : TriggerStatus.unhealthy(message));
        if (!healthy) {
            log.warn(connection.jobId, connection.jobName, "MQTT trigger " + connection.triggerId + ": " + message);
        }
    }

    @Override
    public void onMessage(MqttTriggerConnection connection, String topic, byte[] payload, Runnable acknowledge) {
        delivery.deliver(connection, topic, Buffer.buffer(payload), acknowledge);
    }

    @Override
    public CompletionStage<Boolean> publish(UUID jobId, String topic, Buffer payload) {
        for (MqttTriggerConnection connection : connections.getOrDefault(jobId, Map.of()).values()) {
            if (connection.settings != null && connection.connected()) {
                return connection.publish(topic, payload.getBytes()).thenApply(done -> true);
            }
        }
        return CompletableFuture.completedFuture(false);
    }
}
