package dev.jobber.gateway;

import dev.jobber.runner.ResponseSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/** Writes a function's answer to the HTTP response: status, every header as given (repeated ones kept), body. */
final class GatewaySink implements ResponseSink {

    private static final Logger LOG = Logger.getLogger(GatewaySink.class);
    /** Response header naming the request in the job's logs. */
    static final String REQUEST_ID = "X-Jobber-Request-Id";

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    /** Counts the status the request was answered with, once. */
    private final IntConsumer answered;
    private boolean counted;

    GatewaySink(HttpServerRequest request, IntConsumer answered) {
        this.request = request;
        this.response = request.response();
        this.answered = answered;
    }

    private void count(int status) {
        if (!counted) {
            counted = true;
            answered.accept(status);
        }
    }

    @Override
    public void accepted(UUID requestId) {
        response.putHeader(REQUEST_ID, requestId.toString());
    }

    @Override
    public void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming) {
        if (response.closed()) {
            count(status);
            return;
        }
        try {
            response.setStatusCode(status);
            boolean hasLength = false;
            for (Map.Entry<String, String> header : headers) {
                response.headers().add(header.getKey(), header.getValue());
                hasLength |= header.getKey().equalsIgnoreCase("content-length");
            }
            if (!streaming) {
                response.headers().remove("content-length");
                response.end(body == null ? Buffer.buffer() : body);
            } else if (!hasLength) {
                response.setChunked(true);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Invalid response from the function: %s", e.getMessage());
            String requestId = response.headers().get(REQUEST_ID);
            response.headers().clear();
            if (requestId != null) {
                response.putHeader(REQUEST_ID, requestId);
            }
            ErrorPage.send(request, 502, "The function answered with an invalid response: " + e.getMessage());
        }
        count(response.getStatusCode());
    }

    @Override
    public void chunk(Buffer data, Runnable written) {
        if (response.closed() || response.ended()) {
            written.run();
            return;
        }
        // Completes once the bytes are on the client's socket, so a slow client holds the runner back.
        response.write(data).onComplete(result -> written.run());
    }

    @Override
    public void end() {
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }

    @Override
    public void fail(int status, String message) {
        count(status);
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // The answer was already streaming: the client can only learn of the failure by the connection closing.
            response.reset();
            return;
        }
        if (status == 503) {
            response.putHeader("Retry-After", "1");
        }
        ErrorPage.send(request, status, message);
    }
}
