package dev.jobber.store.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Caller;
import dev.jobber.auth.PermissionAction;
import dev.jobber.auth.Requires;
import dev.jobber.auth.api.CallerPrincipal;
import dev.jobber.common.Ids;
import dev.jobber.common.api.ApiResponse;
import dev.jobber.store.StoreItem;
import dev.jobber.store.StoreService;
import dev.jobber.store.StoreTimes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's key-value store as operators see it; items are addressed by id, not key. */
@Path("/api/job/{jobId}/store")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Store")
public class StoreResource {

    private final StoreService store;

    public StoreResource(StoreService store) {
        this.store = store;
    }

    @GET
    @AnyCaller
    @Operation(summary = "List the job's store items the caller may read (without values)")
    public ApiResponse<List<ItemView>> list(@Context SecurityContext security, @PathParam("jobId") String jobId) {
        Caller caller = CallerPrincipal.of(security);
        UUID id = Ids.parse("jobId", jobId);
        return ApiResponse.ok(store.list(id).stream()
                .filter(i -> caller.allows("job/" + id + "/store/" + i.id(), PermissionAction.READ))
                .map(i -> ItemView.of(i, false)).toList());
    }

    @GET
    @Path("{storeId}")
    @Requires(resource = "job/{jobId}/store/{storeId}", action = PermissionAction.READ)
    @Operation(summary = "Get a store item with its value")
    public ApiResponse<ItemView> get(@PathParam("jobId") String jobId, @PathParam("storeId") String storeId) {
        return ApiResponse.ok(ItemView.of(store.get(Ids.parse("jobId", jobId), Ids.parse("storeId", storeId)), true));
    }

    @DELETE
    @Path("{storeId}")
    @Requires(resource = "job/{jobId}/store/{storeId}", action = PermissionAction.DELETE)
    @Operation(summary = "Delete a store item; answers it with its value")
    public ApiResponse<ItemView> delete(@PathParam("jobId") String jobId, @PathParam("storeId") String storeId) {
        UUID id = Ids.parse("jobId", jobId);
        return ApiResponse.ok("Store item deleted", ItemView.of(store.delete(id, Ids.parse("storeId", storeId)), true));
    }

    /** {@code {id, jobId, key, expiry|null, created, modified}} plus {@code value} when read one by one. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record ItemView(UUID id, UUID jobId, String key, java.util.Optional<String> value,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long expiry, long created, long modified) {

        static ItemView of(StoreItem item, boolean withValue) {
            return new ItemView(item.id(), item.jobId(), item.key(),
                    withValue ? java.util.Optional.of(StoreService.text(item)) : java.util.Optional.empty(),
                    StoreTimes.expiry(item), item.created().getEpochSecond(), item.modified().getEpochSecond());
        }
    }
}
