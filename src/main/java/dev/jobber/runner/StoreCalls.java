package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The per-job key-value store as functions reach it through {@code call} frames ({@code getStore}, {@code setStore},
 * {@code deleteStore}). The answer completes with the {@code reply} frame's fields and body (the value), or fails
 * with a message the function sees. {@code compareAndSetStore} carries {@code expectedLength} (null: the key must be
 * absent) and a body of the expected value followed by the new one.
 */
public interface StoreCalls {

    /**
     * @param op        the call's operation
     * @param arguments the call frame's other fields ({@code key}, {@code ttl}, {@code expectedLength})
     * @param body      the value to set
     */
    CompletionStage<Reply> call(UUID jobId, String op, JsonObject arguments, Buffer body);

    /** A successful answer: fields for the reply header and an optional body. */
    record Reply(JsonObject fields, Buffer body) {
    }
}
