package dev.jobber.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jobber.common.ApiException;
import dev.jobber.common.TooManyRequestsException;
import dev.jobber.common.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of an admin route into the JSON envelope with a real status code. */
public final class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        ApiResponse<Void> body = e instanceof ValidationException v
                ? ApiResponse.failure(e.getMessage(), v.errors())
                : ApiResponse.failure(e.getMessage());
        Response response = json(e.status(), body);
        if (e instanceof TooManyRequestsException limited) {
            return Response.fromResponse(response).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return json(400, ApiResponse.failure("Invalid JSON body: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            default -> e.getMessage();
        };
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return json(status, ApiResponse.failure(message));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (diskFull(e)) {
            LOG.error("An admin request failed for want of disk space", e);
            return json(507, ApiResponse.failure("Insufficient storage: the server's disk is full; nothing was stored"));
        }
        LOG.error("Unexpected failure of an admin request", e);
        return json(500, ApiResponse.failure("Internal server error"));
    }

    /** Whether a file write (ENOSPC) or the database (SQLSTATE 53100, disk_full) failed for want of disk space. */
    static boolean diskFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.IOException && String.valueOf(cause.getMessage()).contains("No space left")) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && "53100".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Response json(int status, ApiResponse<Void> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
