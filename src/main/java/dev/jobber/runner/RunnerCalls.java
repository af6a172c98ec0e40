package dev.jobber.runner;

import dev.jobber.runner.protocol.Frames;
import io.vertx.core.json.JsonObject;

/**
 * Answers a runner's {@code call} frames. The store and MQTT publishing are not part of this build: store calls are
 * answered with an error the function sees, and publish answers {@code false} (no MQTT trigger is connected).
 */
class RunnerCalls {

    void handle(Runner runner, Frames.Frame frame) {
        Object cid = frame.header().getValue("cid");
        String op = frame.header().getString("op", "");
        JsonObject reply = new JsonObject().put("t", "reply").put("cid", cid);
        if (op.equals("publish")) {
            reply.put("ok", true).put("result", false);
        } else {
            reply.put("ok", false).put("message", "The operation \"" + op + "\" is not available on this Jobber");
        }
        runner.send(reply);
    }
}
