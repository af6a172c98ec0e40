package dev.jobber.store;

import dev.jobber.common.NotFoundException;
import dev.jobber.config.StoreConfig;
import dev.jobber.job.JobService;
import dev.jobber.runner.StoreCalls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The per-job key-value store: calls from functions ({@code compareAndSetStore} is how concurrent updates stay
 * correct; see docs/decisions.md) (answered on virtual threads, never on the event loop, one
 * statement each) and the admin view. Keys are 1 to 128 characters; values are limited in size, and all values of
 * a job together by a quota, as is the number of keys of a job, all configurable; an expired key reads as absent.
 */
@ApplicationScoped
public class StoreService implements StoreCalls {

    static final int MAX_KEY_LENGTH = 128;

    private final StoreRepository store;
    private final StoreConfig config;
    private final JobService jobs;
    private final DataSource dataSource;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public StoreService(StoreRepository store, StoreConfig config, JobService jobs, DataSource dataSource) {
        this.store = store;
        this.config = config;
        this.jobs = jobs;
        this.dataSource = dataSource;
    }

    /** Hands the configured quota and key limit to the database trigger that enforces them. */
    void onStart(@Observes StartupEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "insert into job_store_settings (id, quota, max_keys) values (1, ?, ?) on conflict (id) do update"
                        + " set quota = excluded.quota, max_keys = excluded.max_keys")) {
            statement.setLong(1, config.quota().asLongValue());
            statement.setLong(2, config.maxKeys());
            statement.executeUpdate();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdown();
    }

    @Override
    public CompletionStage<Reply> call(UUID jobId, String op, JsonObject header, Buffer body) {
        Supplier<Optional<StoreItem>> work;
        try {
            String key = key(header.getValue("key"));
            work = switch (op) {
                case "getStore" -> () -> store.get(jobId, key);
                case "deleteStore" -> () -> store.delete(jobId, key);
                case "setStore" -> {
                    byte[] value = value(body);
                    double ttl = ttl(header.getValue("ttl"));
                    yield () -> Optional.of(store.set(jobId, key, value, ttl));
                }
                case "compareAndSetStore" -> {
                    Object length = header.getValue("expectedLength");
                    int bodyLength = body == null ? 0 : body.length();
                    if (length != null && !(length instanceof Integer n && n >= 0 && n <= bodyLength)) {
                        throw new IllegalArgumentException("expectedLength must be null or the length of the "
                                + "expected value at the start of the body");
                    }
                    int split = length == null ? 0 : (Integer) length;
                    byte[] expected = length == null ? null : body.getBytes(0, split);
                    byte[] value = value(body == null ? null : body.slice(split, bodyLength));
                    double ttl = ttl(header.getValue("ttl"));
                    yield () -> store.compareAndSet(jobId, key, expected, value, ttl);
                }
                default -> throw new IllegalArgumentException("unknown store operation \"" + op + "\"");
            };
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> reply(work.get()), executor);
    }

    /** The job's items without values. @throws NotFoundException when no job has that id */
    public List<StoreItem> list(UUID jobId) {
        jobs.get(jobId);
        return store.list(jobId);
    }

    /** @throws NotFoundException when the job has no such (live) item */
    public StoreItem get(UUID jobId, UUID itemId) {
        return store.getById(jobId, itemId).orElseThrow(() -> notFound(jobId, itemId));
    }

    /** Deletes an item and answers it. @throws NotFoundException when the job has no such (live) item */
    public StoreItem delete(UUID jobId, UUID itemId) {
        return store.deleteById(jobId, itemId).orElseThrow(() -> notFound(jobId, itemId));
    }

    private static NotFoundException notFound(UUID jobId, UUID itemId) {
        return new NotFoundException("Store item " + itemId + " of job " + jobId + " not found");
    }

    private static String key(Object key) {
        if (!(key instanceof String text) || text.isEmpty() || text.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("store key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("store key must not contain NUL characters");
        }
        return text;
    }

    private byte[] value(Buffer body) {
        long max = config.maxValueSize().asLongValue();
        int length = body == null ? 0 : body.length();
        if (length > max) {
            throw new IllegalArgumentException("store value too large: " + length + " bytes, at most " + max
                    + " are allowed (JOBBER_STORE_MAX_VALUE_SIZE)");
        }
        return body == null ? new byte[0] : body.getBytes();
    }

    private static double ttl(Object ttl) {
        if (ttl == null) {
            return 0;
        }
        if (!(ttl instanceof Number number) || !Double.isFinite(number.doubleValue()) || number.doubleValue() < 0) {
            throw new IllegalArgumentException("ttl must be a number of seconds, 0 or more");
        }
        return number.doubleValue();
    }

    private static Reply reply(Optional<StoreItem> item) {
        if (item.isEmpty()) {
            return new Reply(new JsonObject().putNull("item"), Buffer.buffer());
        }
        return new Reply(new JsonObject().put("item", itemJson(item.get())), Buffer.buffer(item.get().value()));
    }

    static JsonObject itemJson(StoreItem item) {
        return new JsonObject().put("id", item.id().toString()).put("jobId", item.jobId().toString())
                .put("key", item.key()).put("expiry", StoreTimes.expiry(item))
                .put("created", item.created().getEpochSecond()).put("modified", item.modified().getEpochSecond());
    }

    /** The value as text, for views. */
    public static String text(StoreItem item) {
        return new String(item.value(), StandardCharsets.UTF_8);
    }
}
