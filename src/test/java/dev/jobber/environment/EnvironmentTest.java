package dev.jobber.environment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoreFunction;
import dev.jobber.testing.TestDocker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class EnvironmentTest {

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Inject
    EnvironmentService environment;

    private StoreFunction publish() {
        return StoreFunction.publish("env", false, gateway.port());
    }

    private static ValidatableResponse setForm(String jobId, String name, String type, String value) {
        return given().formParam("type", type).formParam("value", value)
                .post("/api/job/" + jobId + "/environment/" + name).then();
    }

    private static ValidatableResponse setMultipart(String jobId, String name, String type, String value) {
        return given().multiPart("type", type).multiPart("value", value)
                .post("/api/job/" + jobId + "/environment/" + name).then();
    }

    @Test
    void createsListsReplacesAndDeletesVariablesWithSecretValuesNeverReturned() {
        String jobId = publish().jobId;
        given().get("/api/job/" + jobId + "/environment").then().statusCode(200)
                .body("success", equalTo(true)).body("data", anEmptyMap());

        setForm(jobId, "api_url", "text", "https://example.com").statusCode(200).body("success", equalTo(true));
        setMultipart(jobId, "Token", "secret", "t0ps3cret").statusCode(200);
        given().get("/api/job/" + jobId + "/environment/").then().statusCode(200)
                .body("data", aMapWithSize(2))
                .body("data.API_URL.type", equalTo("text"))
                .body("data.API_URL.value", equalTo("https://example.com"))
                .body("data.TOKEN.type", equalTo("secret"))
                .body("data.TOKEN", not(hasKey("value")))
                .body(not(containsString("t0ps3cret")));

        setForm(jobId, "API_URL", "secret", "now hidden").statusCode(200);
        given().get("/api/job/" + jobId + "/environment").then()
                .body("data.API_URL.type", equalTo("secret")).body("data.API_URL", not(hasKey("value")));
        setMultipart(jobId, "TOKEN", "text", "").statusCode(200);
        given().get("/api/job/" + jobId + "/environment").then().body("data.TOKEN.value", equalTo(""));

        given().delete("/api/job/" + jobId + "/environment/api_url").then().statusCode(200);
        given().delete("/api/job/" + jobId + "/environment/API_URL").then().statusCode(404)
                .body("success", equalTo(false)).body("message", containsString("API_URL"));
        given().get("/api/job/" + jobId + "/environment").then().body("data", aMapWithSize(1));

        String unknown = UUID.randomUUID().toString();
        given().get("/api/job/" + unknown + "/environment").then().statusCode(404);
        setForm(unknown, "A", "text", "x").statusCode(404);
        given().delete("/api/job/" + unknown + "/environment/A").then().statusCode(404);
        given().get("/api/job/not-a-uuid/environment").then().statusCode(400);
    }

    @Test
    void refusesInvalidNamesTypesAndValuesNamingEveryProblem() {
        String jobId = publish().jobId;
        setForm(jobId, "1ABC", "text", "x").statusCode(400)
                .body("errors[0].field", equalTo("name")).body("message", containsString("not a valid"));
        setForm(jobId, "A-B", "text", "x").statusCode(400);
        setForm(jobId, "ÄRGER", "text", "x").statusCode(400);
        setForm(jobId, "A".repeat(129), "text", "x").statusCode(400).body("message", containsString("1 to 128"));
        setForm(jobId, "A".repeat(128), "text", "x").statusCode(200);
        for (String reserved : List.of("PATH", "path", "HOME", "NODE_OPTIONS", "NODE_PATH", "LD_PRELOAD",
                "LD_LIBRARY_PATH", "JOBBER_RUNNER_CREDENTIALS")) {
            setForm(jobId, reserved, "text", "x").statusCode(400)
                    .body("errors[0].field", equalTo("name")).body("message", containsString("is reserved: "));
        }
        setForm(jobId, "NODE_ENV", "text", "production").statusCode(200);

        setForm(jobId, "A", "plain", "x").statusCode(400).body("errors[0].field", equalTo("type"));
        given().formParam("value", "x").post("/api/job/" + jobId + "/environment/A").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
        given().formParam("type", "text").post("/api/job/" + jobId + "/environment/A").then().statusCode(400)
                .body("errors[0].field", equalTo("value"));
        given().formParam("other", "1").post("/api/job/" + jobId + "/environment/PATH").then().statusCode(400)
                .body("errors.field", equalTo(List.of("name", "type", "value")))
                .body("message", containsString("PATH")).body("message", containsString("type"));

        String limit = "x".repeat(64 * 1024);
        setMultipart(jobId, "BIG", "text", limit).statusCode(200);
        setMultipart(jobId, "BIGGER", "secret", limit + "x").statusCode(400)
                .body("errors[0].field", equalTo("value")).body("message", containsString("65537 bytes"));
        setForm(jobId, "BIGGER", "text", limit + "x").statusCode(400).body("message", containsString("65537 bytes"));

        given().contentType(ContentType.JSON).body("{\"type\":\"text\",\"value\":\"x\"}")
                .post("/api/job/" + jobId + "/environment/A").then().statusCode(400)
                .body("success", equalTo(false)).body("message", containsString("multipart/form-data"));
        given().get("/api/job/" + jobId + "/environment").then()
                .body("data.keySet()", equalTo(java.util.Set.of("A".repeat(128), "NODE_ENV", "BIG")));
    }

    @Test
    void secretsAreStoredEncryptedAndResolveToTheirValue() throws SQLException {
        String jobId = publish().jobId;
        setForm(jobId, "PASSWORD", "secret", "hunter2-very-secret").statusCode(200);
        setForm(jobId, "HOST", "text", "broker.local").statusCode(200);

        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("select value, ciphertext from job_environment where job_id = ? and name = ?")) {
            statement.setObject(1, UUID.fromString(jobId));
            statement.setString(2, "PASSWORD");
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                byte[] ciphertext = rs.getBytes(2);
                assertThat(ciphertext).hasSizeGreaterThan(12 + 16);
                assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
            }
        }
        assertThat(environment.resolve(UUID.fromString(jobId), "password")).contains("hunter2-very-secret");
        assertThat(environment.resolve(UUID.fromString(jobId), "HOST")).contains("broker.local");
        assertThat(environment.resolve(UUID.fromString(jobId), "MISSING")).isEmpty();
    }

    @Test
    void runnersGetTheEnvironmentAndAChangeReplacesThem() {
        StoreFunction function = publish();
        JsonPath before = function.call("env", "GREETING");
        assertThat(before.getString("result.value")).isNull();

        setForm(function.jobId, "greeting", "text", "hello").statusCode(200);
        setMultipart(function.jobId, "API_KEY", "secret", "k3y-only-in-the-runner").statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "k3y-only-in-the-runner"
                .equals(function.call("env", "API_KEY").getString("result.value")));
        JsonPath after = function.call("env", "GREETING");
        assertThat(after.getString("result.value")).isEqualTo("hello");
        assertThat(after.getString("result.instance")).isNotEqualTo(before.getString("result.instance"));

        InspectContainerResponse container = TestDocker.client().inspectContainerCmd(TestDocker.client()
                .listContainersCmd().withLabelFilter(Map.of("jobber.job", function.jobId)).exec().getFirst().getId())
                .exec();
        assertThat(String.valueOf(container.getConfig().getEnv()) + container.getConfig().getLabels()
                + List.of(container.getArgs())).doesNotContain("k3y-only-in-the-runner").doesNotContain("hello");

        given().delete("/api/job/" + function.jobId + "/environment/GREETING").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> function.call("env", "GREETING").getString("result.value") == null);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDocker.client().listContainersCmd()
                .withLabelFilter(Map.of("jobber.job", function.jobId)).exec().size() == 1);
    }

    @Test
    void deletingAJobDeletesItsEnvironment() throws SQLException {
        String jobId = publish().jobId;
        setForm(jobId, "A", "secret", "x").statusCode(200);
        given().delete("/api/job/" + jobId).then().statusCode(200);
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("select count(*) from job_environment where job_id = ?")) {
            statement.setObject(1, UUID.fromString(jobId));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
