package dev.jobber.audit.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.audit.AuditRetentionTask;
import dev.jobber.config.AuditConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The audit log: one entry per admin change, with who, what, before and after, and never a secret. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class AuditTest {

    private static final String ALL = "[{\"effect\":\"allow\",\"resource\":\"*\",\"actions\":[\"read\",\"write\","
            + "\"delete\"]}]";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Inject
    AuditRetentionTask retention;

    @Inject
    AuditConfig config;

    @Test
    void changingAJobRecordsOneEntryWithTheActorAndTheStatusAndDescriptionBeforeAndAfter() {
        String jobId = publishJob("audited");
        Response update = given().contentType("application/json")
                .body("{\"status\":\"disabled\",\"description\":\"changed\"}").put("/api/job/" + jobId);
        update.then().statusCode(200);

        List<Map<String, Object>> entries = entries("resource=job/" + jobId + "&method=PUT");
        assertThat(entries).hasSize(1);
        JsonPath entry = entry(entries.get(0));
        assertThat(entry.getString("route")).isEqualTo("/api/job/{jobId}");
        assertThat(entry.getString("resource")).isEqualTo("job/" + jobId);
        assertThat(entry.getString("action")).isEqualTo("write");
        assertThat(entry.getString("change")).isEqualTo("job.updated");
        assertThat(entry.getInt("status")).isEqualTo(200);
        assertThat(entry.getString("outcome")).isEqualTo("success");
        assertThat(entry.getString("actor.type")).isEqualTo("token");
        assertThat(entry.getString("actor.username")).isEqualTo(TestAdmin.USERNAME);
        assertThat(entry.getString("actor.tokenId")).isNotNull();
        assertThat(entry.getString("requestId")).isEqualTo(update.header("X-Jobber-Request-Id"));
        assertThat(entry.getString("clientAddress")).isEqualTo("127.0.0.1");
        assertThat(entry.getString("time")).isNotNull();
        assertThat(entry.getString("details.before.status")).isEqualTo("enabled");
        assertThat(entry.getString("details.after.status")).isEqualTo("disabled");
        assertThat(entry.getString("details.before.description")).isEqualTo("A test job");
        assertThat(entry.getString("details.after.description")).isEqualTo("changed");
        assertThat(entry.getString("details.before.activeVersion")).isEqualTo("1.0.0");
    }

    @Test
    void publishingRecordsTheCreatedJobAndVersion() {
        String jobId = publishJob("published");
        List<Map<String, Object>> entries = entries("resource=job/" + jobId + "&action=job.published");
        assertThat(entries).hasSize(1);
        JsonPath entry = entry(entries.get(0));
        assertThat(entry.getString("method")).isEqualTo("POST");
        assertThat(entry.getString("route")).isEqualTo("/api/job/publish");
        assertThat(entry.getBoolean("details.jobCreated")).isTrue();
        assertThat(entry.getString("details.version")).isEqualTo("1.0.0");
        assertThat(entry.getString("details.before.activeVersion")).isNull();
        assertThat(entry.getString("details.after.activeVersion")).isEqualTo("1.0.0");
    }

    @Test
    void environmentEntriesShowTextValuesButOnlyThatASecretChanged() throws Exception {
        String jobId = publishJob("environment");
        String secret = "s3cr3t-" + UUID.randomUUID();
        setVariable(jobId, "PLAIN", "text", "visible-1");
        setVariable(jobId, "plain", "text", "visible-2");
        setVariable(jobId, "TOKEN", "secret", secret);
        setVariable(jobId, "TOKEN", "secret", secret + "-2");
        given().delete("/api/job/" + jobId + "/environment/TOKEN").then().statusCode(200);

        JsonPath plain = entry(single("resource=job/" + jobId + "/environment/PLAIN&action=environment.changed"));
        assertThat(plain.getString("details.before.value")).isEqualTo("visible-1");
        assertThat(plain.getString("details.after.value")).isEqualTo("visible-2");
        JsonPath set = entry(single("resource=job/" + jobId + "/environment/TOKEN&action=environment.created"));
        assertThat(set.getString("details.after.type")).isEqualTo("secret");
        assertThat(set.getMap("details.after")).doesNotContainKey("value");
        entry(single("resource=job/" + jobId + "/environment/TOKEN&action=environment.changed"));
        JsonPath deleted = entry(single("resource=job/" + jobId + "/environment/TOKEN&method=DELETE"));
        assertThat(deleted.getString("change")).isEqualTo("environment.deleted");
        assertThat(deleted.getString("details.before.type")).isEqualTo("secret");
        assertThat(deleted.getString("details.after")).isNull();

        assertThat(rowsContaining(secret)).isZero();
    }

    @Test
    void userChangesShowPermissionsAndEnabledButNeverPasswords() throws Exception {
        String name = unique("audited");
        String password = "pw-" + UUID.randomUUID();
        String newPassword = "pw-" + UUID.randomUUID();
        String userId = given().contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":\""
                + password + "\",\"permissions\":[]}").post("/api/users/").then().statusCode(200).extract()
                .path("data.id");
        given().contentType("application/json").body("{\"password\":\"" + newPassword + "\",\"enabled\":false,"
                + "\"permissions\":" + ALL + "}").put("/api/users/" + userId).then().statusCode(200);
        given().delete("/api/users/" + userId).then().statusCode(200);

        JsonPath created = entry(single("resource=users&action=user.created&actor=" + TestAdmin.USERNAME
                + "&method=POST", e -> userId.equals(e.getString("details.after.id"))));
        assertThat(created.getString("details.after.username")).isEqualTo(name);
        JsonPath updated = entry(single("resource=users/" + userId + "&method=PUT"));
        assertThat(updated.getString("change")).isEqualTo("user.updated");
        assertThat(updated.getBoolean("details.before.enabled")).isTrue();
        assertThat(updated.getBoolean("details.after.enabled")).isFalse();
        assertThat(updated.getList("details.before.permissions")).isEmpty();
        assertThat(updated.getString("details.after.permissions[0].resource")).isEqualTo("*");
        assertThat(updated.getBoolean("details.passwordChanged")).isTrue();
        JsonPath deleted = entry(single("resource=users/" + userId + "&method=DELETE"));
        assertThat(deleted.getString("details.before.username")).isEqualTo(name);

        assertThat(rowsContaining(password)).isZero();
        assertThat(rowsContaining(newPassword)).isZero();
    }

    @Test
    void tokenChangesShowDescriptionPermissionsAndStatusButNeverTheToken() throws Exception {
        Response created = given().contentType("application/json")
                .body("{\"permissions\":[],\"description\":\"audited\",\"ttl\":3600}").post("/api/api-tokens/");
        String id = created.path("data.id");
        String secret = created.path("data.token");
        given().contentType("application/json").body("{\"status\":\"disabled\",\"description\":\"renamed\"}")
                .put("/api/api-tokens/" + id).then().statusCode(200);
        given().delete("/api/api-tokens/" + id).then().statusCode(200);

        JsonPath updated = entry(single("resource=api-tokens/" + id + "&method=PUT"));
        assertThat(updated.getString("change")).isEqualTo("token.updated");
        assertThat(updated.getString("details.before.status")).isEqualTo("enabled");
        assertThat(updated.getString("details.after.status")).isEqualTo("disabled");
        assertThat(updated.getString("details.before.description")).isEqualTo("audited");
        assertThat(updated.getString("details.after.description")).isEqualTo("renamed");
        assertThat(updated.getString("details.after.ownerUsername")).isEqualTo(TestAdmin.USERNAME);
        entry(single("resource=api-tokens/" + id + "&method=DELETE"));
        assertThat(rowsContaining(secret)).isZero();
    }

    @Test
    void loginsFailedLoginsAndLogoutsAreRecordedWithoutThePassword() throws Exception {
        String name = unique("signer");
        String password = "pw-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        String userId = given().contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":\""
                + password + "\",\"permissions\":[]}").post("/api/users/").then().statusCode(200).extract()
                .path("data.id");
        String address = loopbackAddress();
        assertThat(sendFrom(address, "POST", "/api/auth/login", "Content-Type: application/json\r\n",
                "{\"username\":\"" + name + "\",\"password\":\"" + wrong + "\"}")).isEqualTo(401);
        String cookie = TestAdmin.login(server(), name, password);
        anonymous().header("Cookie", cookie).header("Origin", origin()).post("/api/auth/logout").then()
                .statusCode(200);

        JsonPath failed = entry(single("route=/api/auth/login&action=auth.login-failed",
                e -> name.equals(e.getString("actor.username"))));
        assertThat(failed.getString("actor.type")).isEqualTo("anonymous");
        assertThat(failed.getInt("status")).isEqualTo(401);
        assertThat(failed.getString("clientAddress")).isEqualTo(address);
        JsonPath login = entry(single("actor=" + userId + "&action=auth.login"));
        assertThat(login.getString("actor.username")).isEqualTo(name);
        assertThat(login.getString("actor.type")).isEqualTo("user");
        entry(single("actor=" + userId + "&action=auth.logout"));
        assertThat(rowsContaining(password)).isZero();
        assertThat(rowsContaining(wrong)).isZero();
    }

    @Test
    void refusedRequestsAreRecordedAsDeniedAttempts() {
        String jobId = UUID.randomUUID().toString();
        Response token = given().contentType("application/json")
                .body("{\"permissions\":[],\"description\":\"powerless\",\"ttl\":3600}").post("/api/api-tokens/");
        given().header("Authorization", "Bearer " + token.path("data.token")).get("/api/job/" + jobId).then()
                .statusCode(403);

        JsonPath denied = entry(single("resource=job/" + jobId + "&actor=" + token.path("data.id")));
        assertThat(denied.getString("outcome")).isEqualTo("denied");
        assertThat(denied.getInt("status")).isEqualTo(403);
        assertThat(denied.getString("method")).isEqualTo("GET");
        assertThat(denied.getString("action")).isEqualTo("read");
        assertThat(denied.getString("actor.type")).isEqualTo("token");
        assertThat(denied.getString("actor.username")).isEqualTo(TestAdmin.USERNAME);
    }

    @Test
    void anAnonymousFloodOfRefusedRequestsIsRecordedOnlyUpToABudget() throws IOException {
        String jobId = UUID.randomUUID().toString();
        String address = loopbackAddress();
        int budget = config.deniedPerMinute();
        for (int i = 0; i < 3 * budget; i++) {
            assertThat(sendFrom(address, "DELETE", "/api/job/" + jobId, "", "")).isEqualTo(401);
        }
        List<Map<String, Object>> recorded = entries("resource=job/" + jobId + "&limit=1000");
        assertThat(recorded).isNotEmpty().hasSizeLessThanOrEqualTo(2 * budget);
        assertThat(recorded).allSatisfy(e -> {
            assertThat(entry(e).getString("actor.type")).isEqualTo("anonymous");
            assertThat(entry(e).getString("clientAddress")).isEqualTo(address);
            assertThat(entry(e).getString("outcome")).isEqualTo("denied");
        });
    }

    @Test
    void readingTheAuditLogNeedsSystemAuditRead() {
        String other = token("[{\"effect\":\"allow\",\"resource\":\"job\",\"actions\":[\"read\",\"write\"]}]");
        given().header("Authorization", "Bearer " + other).get("/api/audit").then().statusCode(403)
                .body("success", equalTo(false)).body("message", containsString("system/audit"));
        String reader = token("[{\"effect\":\"allow\",\"resource\":\"system/audit\",\"actions\":[\"read\"]}]");
        given().header("Authorization", "Bearer " + reader).get("/api/audit").then().statusCode(200)
                .body("success", equalTo(true));
        anonymous().get("/api/audit").then().statusCode(401);
    }

    @Test
    void pagesGoNewestFirstAndFiltersNarrowTheEntries() {
        String jobId = publishJob("paged");
        for (String description : List.of("one", "two", "three")) {
            given().contentType("application/json").body("{\"description\":\"" + description + "\"}")
                    .put("/api/job/" + jobId).then().statusCode(200);
        }
        given().delete("/api/job/" + jobId).then().statusCode(200);

        List<Map<String, Object>> first = entries("resource=job/" + jobId + "&method=PUT&limit=2");
        assertThat(first).extracting(e -> entry(e).getString("details.after.description"))
                .containsExactly("three", "two");
        Object cursor = first.get(1).get("id");
        List<Map<String, Object>> next = entries("resource=job/" + jobId + "&method=PUT&limit=2&before=" + cursor);
        assertThat(next).extracting(e -> entry(e).getString("details.after.description")).containsExactly("one");

        assertThat(entries("resource=job/" + jobId + "&method=DELETE")).hasSize(1);
        assertThat(entries("resource=job/" + jobId + "&action=delete")).hasSize(1);
        assertThat(entries("resource=job/" + jobId)).hasSize(5);
        assertThat(entries("resource=job/" + jobId + "&actor=" + TestAdmin.USERNAME)).hasSize(5);
        assertThat(entries("resource=job/" + jobId + "&actor=" + unique("nobody"))).isEmpty();
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        assertThat(entries("resource=job/" + jobId + "&from=" + future)).isEmpty();
        assertThat(entries("resource=job/" + jobId + "&to=" + future)).hasSize(5);
        assertThat(entries("resource=job/" + jobId + "&to=2000-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        given().get("/api/audit?limit=0").then().statusCode(400).body("success", equalTo(false))
                .body("errors[0].field", equalTo("limit"));
        given().get("/api/audit?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().get("/api/audit?before=x").then().statusCode(400).body("errors[0].field", equalTo("before"));
    }

    @Test
    void entriesOlderThanTheRetentionArePruned() throws Exception {
        String resource = "job/" + UUID.randomUUID();
        insertEntry(resource, Instant.now().minus(Duration.ofDays(91)));
        insertEntry(resource, Instant.now().minus(Duration.ofDays(89)));
        assertThat(entries("resource=" + resource)).hasSize(2);

        retention.run();

        List<Map<String, Object>> left = entries("resource=" + resource);
        assertThat(left).hasSize(1);
        assertThat(Instant.parse(entry(left.get(0)).getString("time")))
                .isAfter(Instant.now().minus(Duration.ofDays(90)));
    }

    private static String publishJob(String prefix) {
        return publish(job(unique(prefix), "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
    }

    private static void setVariable(String jobId, String name, String type, String value) {
        given().contentType("application/x-www-form-urlencoded").formParam("type", type).formParam("value", value)
                .post("/api/job/" + jobId + "/environment/" + name).then().statusCode(200);
    }

    private static List<Map<String, Object>> entries(String query) {
        return given().get("/api/audit?" + query).then().statusCode(200).body("success", equalTo(true)).extract()
                .jsonPath().getList("data");
    }

    private static Map<String, Object> single(String query) {
        List<Map<String, Object>> found = entries(query);
        assertThat(found).as(query).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> single(String query, Predicate<JsonPath> which) {
        List<Map<String, Object>> found = entries(query + "&limit=1000").stream().filter(e -> which.test(entry(e)))
                .toList();
        assertThat(found).as(query).hasSize(1);
        return found.get(0);
    }

    private static JsonPath entry(Map<String, Object> entry) {
        return JsonPath.from(JSON.valueToTree(entry).toString());
    }

    private int rowsContaining(String text) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from audit_entry a where strpos(a::text, ?) > 0")) {
            statement.setString(1, text);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void insertEntry(String resource, Instant time) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("insert into audit_entry (time, actor_type, "
                        + "method, route, resource, action, status, request_id) values (?, 'anonymous', 'GET', "
                        + "'/api/job/{jobId}', ?, 'read', 401, ?)")) {
            statement.setTimestamp(1, Timestamp.from(time));
            statement.setString(2, resource);
            statement.setObject(3, UUID.randomUUID());
            statement.executeUpdate();
        }
    }

    private static String token(String permissions) {
        return given().contentType("application/json").body("{\"permissions\":" + permissions
                + ",\"description\":\"audit reader\",\"ttl\":3600}").post("/api/api-tokens/").then().statusCode(200)
                .extract().path("data.token");
    }

    private static RequestSpecification anonymous() {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class);
    }

    /** A loopback address of its own, so that this test's client is told apart from every other test's. */
    private static String loopbackAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(2, 255);
    }

    /** Sends one request without credentials from {@code address}; answers the status. */
    private static int sendFrom(String address, String method, String path, String headers, String body)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port,
                InetAddress.getByName(address), 0)) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static URI server() {
        return URI.create(origin());
    }

    private static String origin() {
        return "http://localhost:" + RestAssured.port;
    }
}
