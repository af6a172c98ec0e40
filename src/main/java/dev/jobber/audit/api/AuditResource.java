package dev.jobber.audit.api;

import dev.jobber.audit.AuditLog;
import dev.jobber.audit.AuditQuery;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.FieldError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log of admin changes, sign-ins and refused requests. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private static final int MAX_TEXT = 1024;

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Requires(resource = "system/audit", action = PermissionAction.READ)
    @Operation(summary = "Audit entries, newest first; the next page is ?before=<id of the last entry>. Filters: "
            + "actor (username, user or token id), resource (prefix), route, from and to (ISO-8601 or epoch "
            + "seconds), action (permission action, operation or change), method")
    public ApiResponse<List<AuditView>> list(@QueryParam("before") String before, @QueryParam("limit") String limit,
            @QueryParam("actor") String actor, @QueryParam("resource") String resource,
            @QueryParam("route") String route, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("action") String action, @QueryParam("method") String method) {
        return ApiResponse.ok(audit.find(query(before, limit, actor, resource, route, from, to, action, method))
                .stream().map(AuditView::of).toList());
    }

    static AuditQuery query(String before, String limit, String actor, String resource, String route, String from,
            String to, String action, String method) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Long> cursor = number(errors, "before", before, 1, Long.MAX_VALUE);
        int size = number(errors, "limit", limit, 1, AuditQuery.MAX_LIMIT).orElse((long) AuditQuery.DEFAULT_LIMIT)
                .intValue();
        Optional<Instant> fromTime = time(errors, "from", from);
        Optional<Instant> toTime = time(errors, "to", to);
        if (fromTime.isPresent() && toTime.isPresent() && fromTime.get().isAfter(toTime.get())) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        AuditQuery query = new AuditQuery(cursor, size, text(errors, "actor", actor),
                text(errors, "resource", resource), text(errors, "route", route), fromTime, toTime,
                text(errors, "action", action), text(errors, "method", method));
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid audit query", errors);
        }
        return query;
    }

    private static Optional<Long> number(List<FieldError> errors, String field, String value, long min, long max) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return Optional.of(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
        return Optional.empty();
    }

    private static Optional<Instant> time(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.chars().allMatch(Character::isDigit) && !value.isEmpty()
                    ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value));
        } catch (DateTimeException | NumberFormatException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 time (2026-01-31T12:00:00Z) or epoch seconds"));
            return Optional.empty();
        }
    }

    private static Optional<String> text(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_TEXT + " characters"));
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
