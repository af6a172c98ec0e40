package dev.jobber.trigger.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One MQTT trigger's connection: a persistent session (messages wait at the broker while Jobber is away), QoS 1
 * subscriptions (shared across instances where the broker supports it), automatic reconnect, and each message acknowledged only once it has been handled.
 *
 * <p>The client id and the shared subscription's group come from the trigger's {@code identity}, which stays the same
 * across versions that keep the trigger: a successor connection resumes the session, with every message its
 * predecessor left unacknowledged.
 */
final class MqttTriggerConnection {

    private static final Logger LOG = Logger.getLogger(MqttTriggerConnection.class);
    private static final long SESSION_EXPIRY_SECONDS = 24 * 3600;
    private static final long INITIAL_RECONNECT_DELAY_MS = 250;
    private static final long MAX_RECONNECT_DELAY_MS = 10_000;

    /** What happens to a received message; {@code acknowledge} must be called once it was handled. */
    interface Handler {
        void onMessage(MqttTriggerConnection connection, String topic, byte[] payload, Runnable acknowledge);

        void onStatus(MqttTriggerConnection connection, boolean healthy, String message);
    }

    final UUID jobId;
    final String jobName;
    final String triggerName;
    final List<String> topics;
    final MqttSettings settings;
    /** The trigger row of the active version; a later version keeping the trigger takes the connection over. */
    volatile UUID triggerId;
    private final String identity;
    private final String clientId;
    private final Handler handler;
    private volatile Mqtt5AsyncClient v5;
    private volatile Mqtt3AsyncClient v3;
    private volatile boolean closed;
    private volatile boolean shared = true;
    private final AtomicLong lastWaitReport = new AtomicLong();

    MqttTriggerConnection(UUID jobId, UUID triggerId, String jobName, String triggerName, List<String> topics,
            MqttSettings settings, String identity, String clientId, Handler handler) {
        this.jobId = jobId;
        this.triggerId = triggerId;
        this.identity = identity;
        this.jobName = jobName;
        this.triggerName = triggerName;
        this.topics = topics;
        this.settings = settings;
        this.clientId = clientId;
        this.handler = handler;
    }

    void start() {
        if (settings.version() != null && settings.version() == 3) {
            startV3();
        } else {
            startV5();
        }
    }

    boolean connected() {
        Mqtt5AsyncClient five = v5;
        Mqtt3AsyncClient three = v3;
        return (five != null && five.getState().isConnected()) || (three != null && three.getState().isConnected());
    }

    /** Publishes at QoS 1; completes when the broker has it. */
    CompletableFuture<Void> publish(String topic, byte[] payload) {
        Mqtt5AsyncClient five = v5;
        if (five != null) {
            return five.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .thenAccept(result -> result.getError().ifPresent(e -> {
                        throw new IllegalStateException(e);
                    }));
        }
        return v3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                .thenAccept(result -> { });
    }

    /** Whether a message waiting for a runner is worth a log line: the first in {@code intervalMs} is. */
    boolean reportWaiting(long nowNanos, long intervalMs) {
        long last = lastWaitReport.get();
        return (last == 0 || nowNanos - last >= TimeUnit.MILLISECONDS.toNanos(intervalMs))
                && lastWaitReport.compareAndSet(last, nowNanos);
    }

    /** Once closed, messages still being delivered are left unacknowledged for the trigger's next session. */
    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        if (settings == null) {
            return;
        }
        // A client waiting to reconnect cannot be disconnected; its listeners stop it at its next attempt.
        Mqtt5AsyncClient five = v5;
        Mqtt3AsyncClient three = v3;
        try {
            if (five != null && five.getState().isConnected()) {
                five.disconnect().get(5, TimeUnit.SECONDS);
            }
            if (three != null && three.getState().isConnected()) {
                three.disconnect().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.debugf("Disconnecting MQTT trigger %s: %s", triggerId, settings.redact(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A client that reconnects by itself (exponential backoff with jitter, 250 ms to 10 s) until this connection is
     * closed or the client is {@code abandoned}: a replaced client must never come back, or it would take the session
     * of its successor, which has the same client id.
     */
    private MqttClientBuilder builder(AtomicBoolean abandoned, Runnable disconnect) {
        MqttClientBuilder builder = MqttClient.builder().identifier(clientId).serverHost(settings.host())
                .serverPort(settings.port())
                .addConnectedListener(context -> {
                    if (closed || abandoned.get()) {
                        disconnect.run();
                        return;
                    }
                    handler.onStatus(this, true, "Connected to " + settings);
                    subscribe();
                })
                .addDisconnectedListener(context -> {
                    if (closed || abandoned.get()) {
                        return; // no reconnect
                    }
                    handler.onStatus(this, false, "Not connected to " + settings + ": "
                            + describe(context.getCause()));
                    long delay = Math.min(MAX_RECONNECT_DELAY_MS,
                            INITIAL_RECONNECT_DELAY_MS << Math.min(context.getReconnector().getAttempts(), 10));
                    context.getReconnector().reconnect(true)
                            .delay(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1), TimeUnit.MILLISECONDS);
                });
        if (settings.secure()) {
            builder = builder.sslWithDefaultConfig();
        }
        if (settings.webSocket()) {
            builder = builder.webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
        }
        return builder;
    }

    private void startV5() {
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<Mqtt5AsyncClient> self = new AtomicReference<>();
        Mqtt5AsyncClient client = builder(abandoned, () -> self.get().disconnect()).useMqttVersion5().buildAsync();
        self.set(client);
        // ALL, not SUBSCRIBED: a resumed session's unacknowledged messages arrive before this client subscribed again,
        // and without a flow for them the client would neither hand them over nor acknowledge them.
        client.publishes(MqttGlobalPublishFilter.ALL, (Consumer<Mqtt5Publish>) publish -> handler.onMessage(
                this, publish.getTopic().toString(), publish.getPayloadAsBytes(), publish::acknowledge), true);
        v5 = client;
        var connect = client.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        if (settings.username() != null) {
            var auth = connect.simpleAuth().username(settings.username());
            connect = (settings.password() != null ? auth.password(settings.password()) : auth).applySimpleAuth();
        } else if (settings.password() != null) {
            connect = connect.simpleAuth().password(settings.password()).applySimpleAuth();
        }
        connect.send().whenComplete((ack, failure) -> {
            if (failure instanceof Mqtt5ConnAckException refused && settings.version() == null
                    && refused.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
                LOG.infof("Broker %s does not speak MQTT 5; using 3.1.1 for trigger %s", settings, triggerId);
                abandoned.set(true);
                v5 = null;
                startV3();
            }
        });
    }

    private void startV3() {
        AtomicReference<Mqtt3AsyncClient> self = new AtomicReference<>();
        Mqtt3AsyncClient client = builder(new AtomicBoolean(), () -> self.get().disconnect()).useMqttVersion3()
                .buildAsync();
        self.set(client);
        client.publishes(MqttGlobalPublishFilter.ALL, (Consumer<Mqtt3Publish>) publish -> handler.onMessage(
                this, publish.getTopic().toString(), publish.getPayloadAsBytes(), publish::acknowledge), true);
        v3 = client;
        var connect = client.connectWith().cleanSession(false);
        if (settings.username() != null) {
            var auth = connect.simpleAuth().username(settings.username());
            if (settings.password() != null) {
                auth = auth.password(settings.password());
            }
            connect = auth.applySimpleAuth();
        }
        connect.send();
    }

    private void subscribe() {
        for (String topic : topics) {
            String filter = shared ? "$share/jobber-" + identity + "/" + topic : topic;
            CompletableFuture<?> result;
            if (v5 != null) {
                result = v5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                        .thenAccept(ack -> {
                            if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                                throw new IllegalStateException("refused: " + ack.getReasonCodes());
                            }
                        });
            } else {
                result = v3.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                        .thenAccept(ack -> {
                            if (ack.getReturnCodes().stream().anyMatch(code -> code.isError())) {
                                throw new IllegalStateException("refused: " + ack.getReturnCodes());
                            }
                        });
            }
            result.whenComplete((ok, failure) -> {
                if (failure == null) {
                    return;
                }
                if (shared) {
                    LOG.infof("Broker %s refused the shared subscription %s (%s); subscribing to %s directly",
                            settings, filter, settings.redact(describe(failure)), topic);
                    shared = false;
                    subscribe();
                } else {
                    handler.onStatus(this, false, "Subscribing to " + topic + " failed: " + describe(failure));
                }
            });
        }
    }

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
