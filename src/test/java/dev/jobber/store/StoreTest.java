package dev.jobber.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Sql;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoreFunction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The store end to end: real functions of both generations in real runners, and the admin routes. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class StoreTest {

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Inject
    StoreService store;

    private StoreFunction firstGeneration() {
        return StoreFunction.publish("store", false, gateway.port());
    }

    @Test
    void firstGenerationCallsAnswerItems() {
        StoreFunction function = firstGeneration();
        assertThat(function.call("get", "greeting").getString("result")).isNull();

        long before = Instant.now().getEpochSecond();
        JsonPath set = function.call("set", Map.of("key", "greeting"), "hello");
        assertThat(set.getString("result.key")).isEqualTo("greeting");
        assertThat(set.getString("result.value")).isEqualTo("hello");
        assertThat(set.getString("result.jobId")).isEqualTo(function.jobId);
        assertThat(set.getString("result.expiry")).isNull();
        assertThat(set.getLong("result.created")).isBetween(before, before + 60);
        String id = set.getString("result.id");

        JsonPath got = function.call("get", "greeting");
        assertThat(got.getString("result.id")).isEqualTo(id);
        assertThat(got.getString("result.value")).isEqualTo("hello");
        assertThat(got.getMap("result")).containsOnlyKeys("id", "jobId", "key", "value", "expiry", "created",
                "modified");

        JsonPath replaced = function.call("set", Map.of("key", "greeting"), "héllo ✓");
        assertThat(replaced.getString("result.id")).isEqualTo(id);
        assertThat(function.call("get", "greeting").getString("result.value")).isEqualTo("héllo ✓");

        JsonPath deleted = function.call("delete", "greeting");
        assertThat(deleted.getString("result.value")).isEqualTo("héllo ✓");
        assertThat(function.call("get", "greeting").getString("result")).isNull();
        assertThat(function.call("delete", "greeting").getString("result")).isNull();
    }

    @Test
    void jsonVariantsParseAndUnparsableValuesReadAsNull() {
        StoreFunction function = firstGeneration();
        function.call("setJson", Map.of("key", "config"), "{\"a\":[1,2],\"b\":\"x\"}");
        assertThat(function.call("getJson", "config").getMap("result")).containsEntry("b", "x");
        function.call("set", Map.of("key", "text"), "not json");
        assertThat(function.call("getJson", "text").getString("result")).isNull();
        assertThat(function.call("deleteJson", "config").getList("result.a")).containsExactly(1, 2);
        assertThat(function.call("getJson", "config").getString("result")).isNull();
    }

    @Test
    void secondGenerationGlobalAnswersValues() {
        StoreFunction function = StoreFunction.publish("store2", true, gateway.port());
        assertThat(function.call("get", "k").getString("result")).isNull();
        function.call("set", Map.of("key", "k"), "value");
        assertThat(function.call("get", "k").getString("result")).isEqualTo("value");
        function.call("setJson", Map.of("key", "j"), "{\"n\":5}");
        assertThat(function.call("getJson", "j").getInt("result.n")).isEqualTo(5);
        assertThat(function.call("cas", Map.of("key", "c"), "a").getBoolean("result")).isTrue();
        assertThat(function.call("cas", Map.of("key", "c"), "b").getBoolean("result")).isFalse();
        assertThat(function.call("cas", Map.of("key", "c", "expected", "b"), "c").getBoolean("result")).isFalse();
        assertThat(function.call("cas", Map.of("key", "c", "expected", "a"), "b").getBoolean("result")).isTrue();
        assertThat(function.call("get", "c").getString("result")).isEqualTo("b");
        assertThat(function.call("delete", "k").getString("result")).isEqualTo("value");
        assertThat(function.call("get", "k").getString("result")).isNull();
    }

    /** Four requests at once, each running 25 increments at once: 100 concurrent read-compare-and-set loops. */
    @Test
    void aHundredParallelCompareAndSetIncrementsEndAtAHundred() throws Exception {
        StoreFunction function = firstGeneration();
        List<CompletableFuture<JsonPath>> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> function.call("increment",
                    Map.of("key", "counter", "n", 25), null)));
        }
        Set<String> values = new HashSet<>();
        int attempts = 0;
        for (CompletableFuture<JsonPath> request : requests) {
            JsonPath answer = request.get(60, TimeUnit.SECONDS);
            assertThat(answer.getString("error")).isNull();
            values.addAll(answer.getList("result.value", String.class));
            attempts += answer.<Integer>getList("result.attempts").stream().mapToInt(Integer::intValue).sum();
        }
        assertThat(values).hasSize(100);
        assertThat(attempts).isGreaterThan(100);
        assertThat(function.call("get", "counter").getString("result.value")).isEqualTo("100");
    }

    @Test
    void compareAndSetTreatsAnExpiredKeyAsAbsent() {
        StoreFunction function = firstGeneration();
        String first = function.call("cas", Map.of("key", "lease", "ttl", 3600), "holder-1").getString("result.id");
        assertThat(first).isNotNull();
        assertThat(function.call("cas", Map.of("key", "lease"), "holder-2").getString("result")).isNull();
        expireNow(function.jobId, "lease");
        assertThat(function.call("cas", Map.of("key", "lease"), "holder-2").getString("result.value"))
                .isEqualTo("holder-2");
        JsonPath lease = function.call("get", "lease");
        assertThat(lease.getString("result.value")).isEqualTo("holder-2");
        assertThat(lease.getString("result.id")).isNotEqualTo(first);
        assertThat(function.call("cas", Map.of("key", "lease", "expected", "holder-1"), "x").getString("result"))
                .isNull();
        assertThat(function.call("cas", Map.of("key", "lease", "expected", "holder-2"), "x").getString("result.value"))
                .isEqualTo("x");
    }

    @Test
    void anExpiredKeyReadsAsAbsentAndSettingWithoutTtlClearsTheExpiry() {
        StoreFunction function = firstGeneration();
        long before = Instant.now().getEpochSecond();
        JsonPath set = function.call("set", Map.of("key", "short", "ttl", 1), "soon gone");
        long after = Instant.now().getEpochSecond();
        // One second after the write, which happened during the call, however long the call took.
        assertThat(set.getLong("result.expiry")).isBetween(before + 1, after + 2);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> function.call("get", "short").getString("result") == null);
        assertThat(function.call("delete", "short").getString("result")).isNull();

        String firstId = function.call("set", Map.of("key", "kept", "ttl", 1), "a").getString("result.id");
        JsonPath cleared = function.call("set", Map.of("key", "kept"), "b");
        assertThat(cleared.getString("result.expiry")).isNull();
        assertThat(cleared.getString("result.id")).isEqualTo(firstId);
        // Outlives the ttl it had: once a key written later with the same ttl is gone, so would it be.
        function.call("set", Map.of("key", "witness", "ttl", 1), "w");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> function.call("get", "witness").getString("result") == null);
        assertThat(function.call("get", "kept").getString("result.value")).isEqualTo("b");
    }

    @Test
    void expiredItemsAreRemovedInTheBackground() {
        StoreFunction function = firstGeneration();
        function.call("set", Map.of("key", "a", "ttl", 3600), "x");
        function.call("set", Map.of("key", "b", "ttl", 3600), "y");
        function.call("set", Map.of("key", "c"), "z");
        assertThat(rows(function.jobId)).isEqualTo(3);
        expireNow(function.jobId, "a");
        expireNow(function.jobId, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows(function.jobId) == 1);
        assertThat(function.call("get", "c").getString("result.value")).isEqualTo("z");
    }

    @Test
    void keysOverTheLimitAndOversizedValuesAreRefusedWithClearErrors() {
        StoreFunction function = firstGeneration();
        assertThat(function.call("set", Map.of("key", "k".repeat(128)), "ok").getString("result.key"))
                .hasSize(128);
        assertThat(function.call("get", "k".repeat(129)).getString("error"))
                .isEqualTo("jobber: store key must be 1 to 128 characters");
        assertThat(function.call("set", Map.of("key", "big"), "x".repeat(64 * 1024)).getString("result.key"))
                .isEqualTo("big");
        assertThat(function.call("set", Map.of("key", "bigger"), "x".repeat(64 * 1024 + 1)).getString("error"))
                .startsWith("jobber: store value too large: 65537 bytes, at most 65536");
        assertThat(function.call("set", Map.of("key", "ttl", "ttl", -1), "x").getString("error"))
                .contains("ttl must be a number of seconds");
    }

    @Test
    void thePerJobQuotaCountsEveryValueAndFreesWhatIsDeleted() {
        StoreFunction function = firstGeneration();
        String value = "q".repeat(60 * 1024);
        for (int i = 0; i < 4; i++) {
            assertThat(function.call("set", Map.of("key", "k" + i), value).getString("result.key")).isEqualTo("k" + i);
        }
        assertThat(function.call("set", Map.of("key", "k4"), value).getString("error"))
                .startsWith("jobber: store quota exceeded").contains("262144").contains("JOBBER_STORE_QUOTA");
        // Replacing a value with one of the same size takes no more room.
        assertThat(function.call("set", Map.of("key", "k3"), value).getString("result.key")).isEqualTo("k3");
        function.call("delete", "k0");
        assertThat(function.call("set", Map.of("key", "k4"), value).getString("result.key")).isEqualTo("k4");
        // Another job has a quota of its own.
        assertThat(firstGeneration().call("set", Map.of("key", "k"), value).getString("result.key")).isEqualTo("k");
    }

    /** Twelve writers at once, each adding 60 KiB under a key of its own: the 256 KiB quota lets exactly four in. */
    @Test
    void concurrentWritersNeverTakeAJobPastItsQuota() throws Exception {
        StoreFunction function = firstGeneration();
        String value = "q".repeat(60 * 1024);
        List<CompletableFuture<JsonPath>> writes = new ArrayList<>();
        try (var writers = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) {
                String key = "w" + i;
                writes.add(CompletableFuture.supplyAsync(() -> function.call("set", Map.of("key", key), value),
                        writers));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        int stored = 0;
        int refused = 0;
        for (CompletableFuture<JsonPath> write : writes) {
            JsonPath answer = write.get(60, TimeUnit.SECONDS);
            if (answer.getString("result.key") != null) {
                stored++;
            } else {
                assertThat(answer.getString("error")).startsWith("jobber: store quota exceeded");
                refused++;
            }
        }
        assertThat(stored).isEqualTo(4);
        assertThat(refused).isEqualTo(8);
        assertThat(storedBytes(function.jobId)).isEqualTo(4L * value.length());
        // The running total the quota is checked against matches what is stored, so the next write is judged right.
        assertThat(function.call("set", Map.of("key", "one-more"), value).getString("error"))
                .startsWith("jobber: store quota exceeded");
        assertThat(function.call("set", Map.of("key", "small"), "x".repeat(16 * 1024)).getString("result.key"))
                .isEqualTo("small");
    }

    private long storedBytes(String jobId) {
        return Sql.number(dataSource, "select coalesce(sum(octet_length(value)), 0) from job_store where job_id = ?",
                jobId);
    }

    @Test
    void theNumberOfKeysPerJobIsLimited() {
        StoreFunction function = firstGeneration();
        for (int i = 0; i < 50; i++) {
            assertThat(function.call("set", Map.of("key", "k" + i), "v").getString("result.key")).isEqualTo("k" + i);
        }
        assertThat(function.call("set", Map.of("key", "k50"), "v").getString("error"))
                .startsWith("jobber: store key limit exceeded").contains("at most 50").contains("JOBBER_STORE_MAX_KEYS");
        assertThat(function.call("get", "k50").getString("result")).isNull();
        // Replacing a key adds none; deleting one makes room.
        assertThat(function.call("set", Map.of("key", "k49"), "w").getString("result.key")).isEqualTo("k49");
        function.call("delete", "k0");
        assertThat(function.call("set", Map.of("key", "k50"), "v").getString("result.key")).isEqualTo("k50");
    }

    @Test
    void adminRoutesListReadAndDeleteItemsById() {
        StoreFunction function = firstGeneration();
        String id = function.call("set", Map.of("key", "b"), "two").getString("result.id");
        function.call("set", Map.of("key", "a", "ttl", 3600), "one");

        given().get("/api/job/" + function.jobId + "/store/").then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.key", org.hamcrest.Matchers.contains("a", "b"))
                .body("data[0]", not(hasKey("value")))
                .body("data[0].expiry", not(nullValue()))
                .body("data[1]", hasKey("expiry"))
                .body("data[1].expiry", nullValue());
        given().get("/api/job/" + function.jobId + "/store").then().statusCode(200);

        given().get("/api/job/" + function.jobId + "/store/" + id).then().statusCode(200)
                .body("data.id", equalTo(id)).body("data.key", equalTo("b")).body("data.value", equalTo("two"))
                .body("data.jobId", equalTo(function.jobId));
        given().delete("/api/job/" + function.jobId + "/store/" + id).then().statusCode(200)
                .body("data.value", equalTo("two"));
        given().get("/api/job/" + function.jobId + "/store/" + id).then().statusCode(404)
                .body("success", equalTo(false));
        given().delete("/api/job/" + function.jobId + "/store/" + id).then().statusCode(404);
        assertThat(function.call("get", "b").getString("result")).isNull();

        // An item is reached only through its own job.
        String otherJob = firstGeneration().jobId;
        String aId = function.call("get", "a").getString("result.id");
        given().get("/api/job/" + otherJob + "/store/" + aId).then().statusCode(404);
        given().get("/api/job/" + UUID.randomUUID() + "/store").then().statusCode(404);
        given().get("/api/job/" + function.jobId + "/store/nope").then().statusCode(400)
                .body("errors[0].field", equalTo("storeId"));
    }

    /** Also how docs/benchmarks.md measures store call latency: the round trip as the function sees it. */
    @Test
    void manySequentialCallsEachReadWhatWasWritten() {
        StoreFunction function = firstGeneration();
        function.call("bench", Map.of("key", "warm", "n", 500), null);
        JsonPath result = function.call("bench", Map.of("key", "k", "n", 2000), null);
        assertThat(result.getInt("result.mismatches")).isZero();
        org.jboss.logging.Logger.getLogger(StoreTest.class).infof("Store call round trips over 2000 calls (ms): "
                + "set p50 %.3f p99 %.3f mean %.3f; get p50 %.3f p99 %.3f mean %.3f",
                result.getDouble("result.set.p50"), result.getDouble("result.set.p99"),
                result.getDouble("result.set.mean"), result.getDouble("result.get.p50"),
                result.getDouble("result.get.p99"), result.getDouble("result.get.mean"));

        // The server's share: a call answered from the manager side, event loop to reply, without the runner.
        UUID jobId = UUID.fromString(function.jobId);
        long[] set = new long[2000];
        long[] get = new long[2000];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < set.length; i++) {
                long start = System.nanoTime();
                store.call(jobId, "setStore", new io.vertx.core.json.JsonObject().put("key", "s" + i % 10),
                        io.vertx.core.buffer.Buffer.buffer("value " + i)).toCompletableFuture().join();
                set[i] = System.nanoTime() - start;
                start = System.nanoTime();
                store.call(jobId, "getStore", new io.vertx.core.json.JsonObject().put("key", "s" + i % 10),
                        null).toCompletableFuture().join();
                get[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(set);
        java.util.Arrays.sort(get);
        org.jboss.logging.Logger.getLogger(StoreTest.class).infof("Store calls in the server over 2000 calls (ms): "
                + "set p50 %.3f p99 %.3f; get p50 %.3f p99 %.3f", set[1000] / 1e6, set[1980] / 1e6,
                get[1000] / 1e6, get[1980] / 1e6);
    }

    @Test
    void deletingAJobDeletesItsStore() {
        StoreFunction function = firstGeneration();
        function.call("set", Map.of("key", "k"), "v");
        given().delete("/api/job/" + function.jobId).then().statusCode(200);
        assertThat(rows(function.jobId)).isZero();
    }

    /** Moves a key's expiry into the past, as if its ttl had run out. */
    private void expireNow(String jobId, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("update job_store set expiry = now()"
                        + " - interval '1 second' where job_id = ? and key = ?")) {
            statement.setObject(1, UUID.fromString(jobId));
            statement.setString(2, key);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rows(String jobId) {
        return Sql.number(dataSource, "select count(*) from job_store where job_id = ?", jobId);
    }
}
