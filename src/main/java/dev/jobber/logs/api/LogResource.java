package dev.jobber.logs.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.QueryFields;
import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogFilter;
import dev.jobber.logs.LogLine;
import dev.jobber.logs.LogQuery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's logs: pages newest first, and a live tail. */
@Path("/api/job/{jobId}/logs")
@Tag(name = "Logs")
public class LogResource {

    static final int DEFAULT_LIMIT = 128;
    private static final int MAX_TEXT = 1024;

    private final JobLogs logs;

    public LogResource(JobLogs logs) {
        this.logs = logs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(resource = "job/{jobId}/logs", action = PermissionAction.READ)
    @Operation(summary = "A job's log lines, newest first; the next page is ?before=<sort of the last line>")
    public ApiResponse<List<LogView>> list(@PathParam("jobId") String jobId, @QueryParam("before") String before,
            @QueryParam("limit") String limit, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("q") String text, @QueryParam("requestId") String requestId,
            @QueryParam("source") String source, @QueryParam("stream") String stream) {
        QueryFields fields = new QueryFields();
        UUID job = fields.uuid("jobId", jobId);
        LogFilter filter = filter(fields, text, requestId, source, stream);
        return ApiResponse.ok(logs.query(query(fields, job, before, limit, from, to, filter)).stream()
                .map(LogView::of).toList());
    }

    @GET
    @Path("stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Requires(resource = "job/{jobId}/logs", action = PermissionAction.READ)
    @Operation(summary = "Live tail: a ping event at once and while quiet, each new line that passes the filters "
            + "(id: growing per line), and an overflow event last if the client fell too far behind")
    public Multi<OutboundSseEvent> stream(@PathParam("jobId") String jobId, @QueryParam("q") String text,
            @QueryParam("requestId") String requestId, @QueryParam("source") String source,
            @QueryParam("stream") String stream, @Context Sse sse) {
        QueryFields fields = new QueryFields();
        UUID job = fields.uuid("jobId", jobId);
        LogFilter filter = filter(fields, text, requestId, source, stream);
        fields.validate("Invalid log stream query");
        return logs.tail(job, filter).map(event -> TailEvents.sse(sse, event));
    }

    static LogQuery query(QueryFields fields, UUID job, String before, String limit, String from, String to,
            LogFilter filter) {
        Optional<Long> beforeSort = fields.wholeNumber("before", before, 1, Long.MAX_VALUE);
        int size = fields.wholeNumber("limit", limit, 1, LogQuery.MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
        Optional<Long> fromSeconds = fields.wholeNumber("from", from, 0, Long.MAX_VALUE / 2);
        Optional<Long> toSeconds = fields.wholeNumber("to", to, 0, Long.MAX_VALUE / 2);
        if (fromSeconds.isPresent() && toSeconds.isPresent() && fromSeconds.get() > toSeconds.get()) {
            fields.error("to", "must not be before from");
        }
        fields.validate("Invalid log query");
        return new LogQuery(job, beforeSort, size, fromSeconds.map(Instant::ofEpochSecond),
                toSeconds.map(s -> Instant.ofEpochSecond(s + 1)), filter);
    }

    /** The filters history and the live tail share; problems go to {@code fields}. */
    static LogFilter filter(QueryFields fields, String text, String requestId, String source, String stream) {
        LogFilter filter = LogFilter.NONE;
        if (text != null && (text.isEmpty() || text.length() > MAX_TEXT)) {
            fields.error("q", "must be 1 to " + MAX_TEXT + " characters");
        } else if (text != null) {
            filter = filter.withText(text);
        }
        if (requestId != null) {
            UUID request = fields.uuid("requestId", requestId);
            filter = request == null ? filter : filter.withRequestId(request);
        }
        if (source != null) {
            switch (source) {
                case "runner", "system" -> filter = filter.withSource(LogLine.Source.of(source));
                default -> fields.error("source", "must be runner or system, got \"" + source + "\"");
            }
        }
        if (stream != null) {
            switch (stream) {
                case "stdout", "stderr" -> filter = filter.withStream(LogLine.Stream.of(stream));
                default -> fields.error("stream", "must be stdout or stderr, got \"" + stream + "\"");
            }
        }
        return filter;
    }
}
