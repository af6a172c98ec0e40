package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Publishes a function's MQTT message on a connection of one of its job's MQTT triggers. */
public interface MessagePublisher {

    /** Completes with true when the message was handed to a connected MQTT trigger of the job, false when none is. */
    CompletionStage<Boolean> publish(UUID jobId, String topic, Buffer payload);
}
