package dev.jobber.gateway;

import dev.jobber.metrics.RecentErrors;
import dev.jobber.runner.ResponseSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Writes a function's answer to the HTTP response: status, its headers (repeated ones kept; those
 * {@link ResponseHeaders} refuses are dropped and noted in the job's logs), body. A streamed body is sent chunked.
 */
final class GatewaySink implements ResponseSink {

    private static final Logger LOG = Logger.getLogger(GatewaySink.class);
    /** Response header naming the request in the job's logs. */
    static final String REQUEST_ID = "X-Jobber-Request-Id";

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    /** Counts the status the request was answered with, once. */
    private final IntConsumer answered;
    private final UUID jobId;
    private final String jobName;
    private final JobNotices notices;
    private final RecentErrors errors;
    private UUID requestId;
    private boolean counted;

    GatewaySink(HttpServerRequest request, IntConsumer answered, RouteIndex.Route route, JobNotices notices,
            RecentErrors errors) {
        this.request = request;
        this.response = request.response();
        this.answered = answered;
        this.jobId = route.jobId();
        this.jobName = route.jobName();
        this.notices = notices;
        this.errors = errors;
    }

    private void count(int status) {
        count(status, null);
    }

    /** Counts the answer once; one with a status of 500 or more is a recent error, {@code problem} saying why. */
    private void count(int status, String problem) {
        if (!counted) {
            counted = true;
            answered.accept(status);
            if (status >= 500) {
                errors.record(jobId, jobName, RecentErrors.Kind.REQUEST, request.method().name() + " "
                        + request.path() + " answered " + status + (problem == null ? "" : ": " + problem)
                        + (requestId == null ? "" : " (request " + requestId + ")"));
            }
        }
    }

    @Override
    public void accepted(UUID requestId) {
        this.requestId = requestId;
        response.putHeader(REQUEST_ID, requestId.toString());
    }

    @Override
    public void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming) {
        if (response.closed()) {
            count(status);
            return;
        }
        if (status < 200) {
            String problem = "The function answered with status " + status
                    + ", which cannot end an answer (1xx statuses are informational)";
            ErrorPage.send(request, 502, problem);
            count(502, problem);
            return;
        }
        try {
            response.setStatusCode(status);
            for (Map.Entry<String, String> header : headers) {
                String name = header.getKey();
                String refusal = ResponseHeaders.refusal(name, header.getValue());
                if (refusal != null) {
                    notices.report(jobId, requestId, name.toLowerCase(Locale.ROOT), refusal);
                } else if (!name.equalsIgnoreCase("content-length")) {
                    response.headers().add(name, header.getValue());
                }
            }
            // The length is the gateway's to state: the body's own when whole, none (chunks) when streamed.
            if (!streaming) {
                response.end(body == null ? Buffer.buffer() : body);
            } else {
                response.setChunked(true);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Invalid response from the function: %s", e.getMessage());
            response.headers().clear();
            if (requestId != null) {
                response.putHeader(REQUEST_ID, requestId.toString());
            }
            String problem = "The function answered with an invalid response: " + e.getMessage();
            ErrorPage.send(request, 502, problem);
            count(502, problem);
        }
        count(response.getStatusCode(), "the function answered with this status");
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
        count(status, message);
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
