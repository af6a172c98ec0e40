package dev.jobber.gateway;

import dev.jobber.runner.BodyChannel;
import dev.jobber.runner.RequestBody;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request body forwarded to the runner as it arrives. The request stays paused until a runner takes the event,
 * then pauses whenever the runner's window or connection is full, so the gateway holds at most what Vert.x reads
 * ahead. Counts the bytes against the body limit: past it, the event fails with 413 (or the connection is reset once
 * the answer has started) and the connection closes ({@link LingeringClose}). Everything happens on the request's
 * event loop.
 */
final class GatewayUpload implements RequestBody {

    private final HttpServerRequest request;
    private final Context context;
    private final long limit;
    private BodyChannel channel;
    private long received;
    private boolean ended;
    private boolean stopped;
    private boolean closing;

    GatewayUpload(HttpServerRequest request, Context context, long limit) {
        this.request = request;
        this.context = context;
        this.limit = limit;
        request.pause();
        request.handler(this::chunk);
        request.endHandler(v -> end());
    }

    /** Whether the body is still arriving, i.e. the client is still sending. */
    boolean inProgress() {
        return !ended;
    }

    @Override
    public void start(BodyChannel target) {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            channel = target;
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                request.response().writeContinue();
            }
            request.resume();
        });
    }

    @Override
    public void resume() {
        context.runOnContext(v -> {
            if (!stopped) {
                request.resume();
            }
        });
    }

    @Override
    public void stop() {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            stopped = true;
            if (!ended) {
                request.resume(); // what is left is read and dropped, within the limit
            }
        });
    }

    private void chunk(Buffer data) {
        received += data.length();
        if (received > limit) {
            overLimit();
        } else if (!stopped && channel != null && !channel.write(data)) {
            request.pause();
        }
    }

    private void end() {
        ended = true;
        if (!stopped && channel != null) {
            channel.end();
        }
    }

    private void overLimit() {
        if (closing) {
            return;
        }
        closing = true;
        if (!stopped && channel != null) {
            stopped = true;
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
            channel.fail(413, "Request body too large; at most " + limit + " bytes are accepted");
        }
        stopped = true;
        LingeringClose.after(request, context.owner());
    }
}
