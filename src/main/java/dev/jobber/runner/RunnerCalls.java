package dev.jobber.runner;

import dev.jobber.runner.protocol.Frames;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers a runner's {@code call} frames on behalf of its own job (never another's): store operations and publish. */
@ApplicationScoped
public class RunnerCalls {

    private final StoreCalls store;
    private final MessagePublisher publisher;

    public RunnerCalls(StoreCalls store, MessagePublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    /** Answers the call; runs {@code done} once its reply is queued (or could not be). */
    void handle(Runner runner, Frames.Frame frame, Runnable done) {
        Object cid = frame.header().getValue("cid");
        String op = frame.header().getString("op", "");
        var jobId = runner.pool.version.jobId();
        try {
            switch (op) {
                case "publish" -> {
                    String topic = frame.header().getString("topic", "");
                    publisher.publish(jobId, topic, frame.body()).whenComplete((sent, failure) -> answer(done, () -> {
                        if (Boolean.TRUE.equals(sent)) {
                            runner.pool.meters.mqttPublished(topic);
                        }
                        runner.send(failure == null ? reply(cid).put("ok", true).put("result", sent)
                                : failed(cid, failure));
                    }));
                }
                case "getStore", "setStore", "deleteStore", "compareAndSetStore" -> store
                        .call(jobId, frame.header(), frame.body())
                        .whenComplete((answer, failure) -> answer(done, () -> {
                            if (failure != null) {
                                runner.send(failed(cid, failure));
                            } else {
                                runner.send(reply(cid).put("ok", true).mergeIn(answer.fields()), answer.body());
                            }
                        }));
                default -> answer(done, () -> runner.send(reply(cid).put("ok", false)
                        .put("message", "Unknown operation \"" + op + "\"")));
            }
        } catch (RuntimeException e) {
            answer(done, () -> runner.send(failed(cid, e)));
        }
    }

    private static void answer(Runnable done, Runnable send) {
        try {
            send.run();
        } finally {
            done.run();
        }
    }

    private static JsonObject reply(Object cid) {
        return new JsonObject().put("t", "reply").put("cid", cid);
    }

    private static JsonObject failed(Object cid, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return reply(cid).put("ok", false).put("message", String.valueOf(cause.getMessage()));
    }
}
