package dev.jobber.logs.api;

import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.QueryFields;
import dev.jobber.logs.JobLogs;
import dev.jobber.logs.LogQuery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

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
            @QueryParam("q") String text, @QueryParam("requestId") String requestId) {
        return ApiResponse.ok(logs.query(query(jobId, before, limit, from, to, text, requestId)).stream()
                .map(LogView::of).toList());
    }

    @GET
    @Path("stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Requires(resource = "job/{jobId}/logs", action = PermissionAction.READ)
    @Operation(summary = "Live tail: each new line of the job as a server-sent event")
    public Multi<LogView> stream(@PathParam("jobId") String jobId) {
        return logs.tail(Ids.parse("jobId", jobId)).map(line -> LogView.of(null, line));
    }

    static LogQuery query(String jobId, String before, String limit, String from, String to, String text,
            String requestId) {
        QueryFields fields = new QueryFields();
        UUID job = fields.uuid("jobId", jobId);
        Optional<Long> beforeSort = fields.wholeNumber("before", before, 1, Long.MAX_VALUE);
        int size = fields.wholeNumber("limit", limit, 1, LogQuery.MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
        Optional<Long> fromSeconds = fields.wholeNumber("from", from, 0, Long.MAX_VALUE / 2);
        Optional<Long> toSeconds = fields.wholeNumber("to", to, 0, Long.MAX_VALUE / 2);
        if (fromSeconds.isPresent() && toSeconds.isPresent() && fromSeconds.get() > toSeconds.get()) {
            fields.error("to", "must not be before from");
        }
        if (text != null && (text.isEmpty() || text.length() > MAX_TEXT)) {
            fields.error("q", "must be 1 to " + MAX_TEXT + " characters");
        }
        UUID request = requestId == null ? null : fields.uuid("requestId", requestId);
        fields.validate("Invalid log query");
        return new LogQuery(job, beforeSort, size, fromSeconds.map(Instant::ofEpochSecond),
                toSeconds.map(s -> Instant.ofEpochSecond(s + 1)), Optional.ofNullable(text),
                Optional.ofNullable(request));
    }
}
