package dev.jobber.trigger.mqtt;

import dev.jobber.metrics.JobberMetrics;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.CompletionSink;
import dev.jobber.runner.Event;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.protocol.EventSource;
import dev.jobber.trigger.TriggerLog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * Hands a received MQTT message to its job's runners until it is handled, then acknowledges it. A failure of the
 * function (502, 504) uses one of {@link #MAX_ATTEMPTS} attempts, after which the message is logged and acknowledged; a
 * message no runner could take (503: none could start, the job is saturated or being replaced) keeps its attempts and
 * is offered again, backing off up to {@link #MAX_WAIT_MS}, for as long as its connection is open. A closed
 * connection leaves it unacknowledged: the broker hands it to the trigger's next session.
 */
final class MqttDelivery {

    private static final Logger LOG = Logger.getLogger(MqttDelivery.class);
    static final int MAX_ATTEMPTS = 3;
    static final long MAX_WAIT_MS = 30_000;

    private final Vertx vertx;
    private final RunnerManager runners;
    private final TriggerLog log;
    private final JobberMetrics metrics;

    MqttDelivery(Vertx vertx, RunnerManager runners, TriggerLog log, JobberMetrics metrics) {
        this.vertx = vertx;
        this.runners = runners;
        this.log = log;
        this.metrics = metrics;
    }

    /** How long a message no runner could take waits before it is offered again the {@code waits}th time. */
    static long waitDelay(int waits) {
        return Math.min(MAX_WAIT_MS, 500L << Math.min(waits, 6));
    }

    /** How long a message the function failed waits before its next attempt, after attempt {@code attempt}. */
    static long retryDelay(int attempt) {
        return 500L << attempt;
    }

    void deliver(MqttTriggerConnection connection, String topic, Buffer payload, Runnable acknowledge) {
        deliver(connection, topic, payload, acknowledge, 1, 0);
    }

    private void deliver(MqttTriggerConnection connection, String topic, Buffer payload, Runnable acknowledge,
            int attempt, int waits) {
        if (connection.closed()) {
            return;
        }
        CompletionSink sink = new CompletionSink();
        try {
            runners.invoke(connection.jobId, new Event(new EventSource.Mqtt(connection.triggerName, topic), payload),
                    sink);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Handing an MQTT message of job %s to its runners failed", connection.jobName);
            sink.fail(503, "Jobber could not hand the message to a runner: " + e.getMessage());
        }
        sink.result().whenComplete((status, failure) -> {
            try {
                settle(connection, topic, payload, acknowledge, attempt, waits, failure);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Settling an MQTT message of job %s failed; it is offered again", connection.jobName);
                vertx.setTimer(MAX_WAIT_MS, id -> deliver(connection, topic, payload, acknowledge, attempt, waits));
            }
        });
    }

    private void settle(MqttTriggerConnection connection, String topic, Buffer payload, Runnable acknowledge,
            int attempt, int waits, Throwable failure) {
        VersionMeters meters = metrics.active(connection.jobId);
        if (failure == null) {
            meters.mqttHandled(true);
            acknowledge.run();
        } else if (failure instanceof CompletionSink.Failure f && f.status() == 503) {
            if (waits == 0) {
                reportWaiting(connection, topic, f);
            }
            vertx.setTimer(waitDelay(waits), id -> deliver(connection, topic, payload, acknowledge, attempt,
                    waits + 1));
        } else if (attempt < MAX_ATTEMPTS) {
            vertx.setTimer(retryDelay(attempt), id -> deliver(connection, topic, payload, acknowledge, attempt + 1,
                    waits));
        } else {
            log.warn(connection.jobId, connection.jobName, "MQTT message on " + topic + " failed " + MAX_ATTEMPTS
                    + " times and is dropped: " + MqttTriggerConnection.describe(failure));
            meters.mqttHandled(false);
            acknowledge.run();
        }
    }

    /** Once per connection and {@link #MAX_WAIT_MS}, so an outage does not write a line per message. */
    private void reportWaiting(MqttTriggerConnection connection, String topic, CompletionSink.Failure failure) {
        if (connection.reportWaiting(System.nanoTime(), MAX_WAIT_MS)) {
            log.warn(connection.jobId, connection.jobName, "MQTT message on " + topic + " waits unacknowledged: "
                    + failure.getMessage() + "; it is offered again until a runner takes it");
        }
    }
}
