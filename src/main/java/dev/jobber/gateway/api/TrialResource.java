package dev.jobber.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.common.api.FieldError;
import dev.jobber.common.api.JsonFields;
import dev.jobber.gateway.GatewayTrials;
import dev.jobber.gateway.TrialChecks;
import dev.jobber.gateway.TrialRequest;
import dev.jobber.gateway.TrialResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The panel's "Try it": a request sent to a job through this instance's gateway. */
@Path("/api/job/{jobId}/try")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class TrialResource {

    private final GatewayTrials trials;

    public TrialResource(GatewayTrials trials) {
        this.trials = trials;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(resource = "job/{jobId}", action = PermissionAction.READ)
    @Operation(summary = "Send {method, path, headers?, body?} to one of the job's HTTP routes through the gateway")
    public ApiResponse<TrialResponse> send(@PathParam("jobId") String jobId, JsonNode body) {
        return ApiResponse.ok(trials.send(Ids.parse("jobId", jobId), toRequest(body)));
    }

    private static TrialRequest toRequest(JsonNode body) {
        JsonFields fields = JsonFields.body(body, Set.of("method", "path", "headers", "body"));
        Optional<String> method = fields.text("method", true);
        Optional<String> path = fields.text("path", true);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = fields.get("headers");
        if (given != null && !given.isObject()) {
            fields.error("headers", "must be an object of header names and string values");
        } else if (given != null) {
            given.fields().forEachRemaining(h -> {
                if (h.getValue().isTextual()) {
                    headers.put(h.getKey(), h.getValue().asText());
                } else {
                    fields.error("headers." + h.getKey(), "must be a string");
                }
            });
        }
        String text = fields.text("body", false).orElse(null);
        TrialRequest request = new TrialRequest(method.orElse(""), path.orElse("/"), headers, text);
        for (FieldError problem : TrialChecks.problems(request)) {
            if (problem.field().equals("method") ? method.isPresent()
                    : !problem.field().equals("path") || path.isPresent()) {
                fields.error(problem.field(), problem.message());
            }
        }
        fields.validate("Invalid request");
        return request;
    }
}
