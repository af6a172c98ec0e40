package dev.jobber.trigger.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.config.JobberConfig;
import dev.jobber.database.changes.Change;
import dev.jobber.database.changes.FullCheck;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.ActiveVersions;
import dev.jobber.job.VersionsChanged;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.CompletionSink;
import dev.jobber.runner.Event;
import dev.jobber.runner.MessagePublisher;
import dev.jobber.runner.RunnerEnvironment;
import dev.jobber.runner.RunnerManager;
import dev.jobber.trigger.TriggerLog;
import dev.jobber.trigger.TriggerStatus;
import dev.jobber.trigger.TriggerStatuses;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.HashMap;
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
 * runners and acknowledged once handled (after {@link #MAX_ATTEMPTS} failed attempts, logged and acknowledged), and the
 * connections functions publish through.
 */
@ApplicationScoped
public class MqttTriggers implements MessagePublisher, MqttTriggerConnection.Handler {

    private static final Logger LOG = Logger.getLogger(MqttTriggers.class);
    static final int MAX_ATTEMPTS = 3;

    /** A trigger as it was connected; a change of any part reconnects it. */
    private record Key(UUID triggerId, UUID versionId, JsonNode context, Map<String, String> environment) {
    }

    private final Vertx vertx;
    private final ActiveVersions activeVersions;
    private final RunnerManager runners;
    private final RunnerEnvironment environment;
    private final TriggerStatuses statuses;
    private final TriggerLog log;
    private final String instance;
    private final JobberMetrics metrics;
    private final Map<UUID, Map<Key, MqttTriggerConnection>> connections = new ConcurrentHashMap<>();

    public MqttTriggers(Vertx vertx, ActiveVersions activeVersions, RunnerManager runners,
            RunnerEnvironment environment, TriggerStatuses statuses, TriggerLog log, JobberConfig jobber,
            JobberMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
        this.vertx = vertx;
        this.activeVersions = activeVersions;
        this.runners = runners;
        this.environment = environment;
        this.statuses = statuses;
        this.instance = jobber.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
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
            for (ActiveVersion.Trigger trigger : version.triggers()) {
                if (!trigger.kind().equals("mqtt")) {
                    continue;
                }
                Key key = new Key(trigger.id(), version.versionId(), trigger.context(), env);
                MqttTriggerConnection existing = current.get(key);
                if (existing != null) {
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
                statuses.remove(entry.getKey().triggerId());
            }
        }
        added.forEach((key, trigger) -> wanted.put(key, connect(version, trigger, env)));
        if (wanted.isEmpty()) {
            connections.remove(jobId);
        } else {
            connections.put(jobId, new ConcurrentHashMap<>(wanted));
        }
    }

    private MqttTriggerConnection connect(ActiveVersion version, ActiveVersion.Trigger trigger,
            Map<String, String> env) {
        List<String> topics = new ArrayList<>();
        trigger.context().path("topics").forEach(t -> topics.add(t.asText()));
        MqttSettings settings;
        try {
            settings = MqttSettings.of(trigger.context().path("connection"), env);
        } catch (IllegalArgumentException e) {
            statuses.set(trigger.id(), TriggerStatus.unhealthy("Invalid connection: " + e.getMessage()));
            // Kept unconnected so the same faulty settings are not retried every reconcile.
            return new MqttTriggerConnection(version.jobId(), trigger.id(), version.jobName(), trigger.name(), topics,
                    null, null, this);
        }
        String clientId = settings.clientId() != null ? settings.clientId()
                : "jobber-" + instance + "-" + trigger.id().toString().substring(0, 8);
        MqttTriggerConnection connection = new MqttTriggerConnection(version.jobId(), trigger.id(),
                version.jobName(), trigger.name(), topics, settings, clientId, this);
        statuses.set(trigger.id(), TriggerStatus.unhealthy("Connecting to " + settings));
        connection.start();
        return connection;
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
        deliver(connection, topic, Buffer.buffer(payload), acknowledge, 1);
    }

    private void deliver(MqttTriggerConnection connection, String topic, Buffer payload, Runnable acknowledge,
            int attempt) {
        JsonObject header = new JsonObject().put("kind", "mqtt").put("name", connection.triggerName)
                .put("topic", topic);
        CompletionSink sink = new CompletionSink();
        runners.invoke(connection.jobId, new Event(header, payload), sink);
        VersionMeters meters = metrics.active(connection.jobId);
        sink.result().whenComplete((status, failure) -> {
            if (failure == null) {
                meters.mqttHandled(true);
                acknowledge.run();
            } else if (attempt < MAX_ATTEMPTS) {
                vertx.setTimer(500L << attempt, id -> deliver(connection, topic, payload, acknowledge, attempt + 1));
            } else {
                log.warn(connection.jobId, connection.jobName, "MQTT message on " + topic + " failed " + MAX_ATTEMPTS
                        + " times and is dropped: " + MqttTriggerConnection.describe(failure));
                meters.mqttHandled(false);
                acknowledge.run();
            }
        });
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
