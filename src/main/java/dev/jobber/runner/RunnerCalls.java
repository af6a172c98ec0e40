package dev.jobber.runner;

import dev.jobber.runner.protocol.Frame;
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
    void handle(Runner runner, Frame.Call call, Runnable done) {
        long cid = call.cid();
        var jobId = runner.pool.version.jobId();
        try {
            switch (call.op()) {
                case "publish" -> {
                    String topic = call.arguments().getValue("topic") instanceof String s ? s : "";
                    publisher.publish(jobId, topic, call.body()).whenComplete((sent, failure) -> answer(done, () -> {
                        if (Boolean.TRUE.equals(sent)) {
                            runner.pool.meters.mqttPublished(topic);
                        }
                        runner.send(failure == null ? Frame.Reply.success(cid, new JsonObject().put("result", sent), null)
                                : failed(cid, failure));
                    }));
                }
                case "getStore", "setStore", "deleteStore", "compareAndSetStore" -> store
                        .call(jobId, call.op(), call.arguments(), call.body())
                        .whenComplete((answer, failure) -> answer(done, () -> runner.send(failure != null
                                ? failed(cid, failure) : Frame.Reply.success(cid, answer.fields(), answer.body()))));
                default -> answer(done, () -> runner.send(Frame.Reply.failure(cid,
                        "Unknown operation \"" + call.op() + "\"")));
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

    private static Frame.Reply failed(long cid, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return Frame.Reply.failure(cid, String.valueOf(cause.getMessage()));
    }
}
