package dev.jobber.database.changes;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.Mosquitto;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * This instance follows rows another instance changes in the shared database: written here straight into the
 * database, without the events a change made through this instance fires.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class ChangeFeedTest {

    /** Well below the 10 s polls the feed replaced. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /**
     * A runner's start or an MQTT connection on a busy machine. Without the feed this instance never sees the new
     * environment value, however long it waits.
     */
    private static final Duration WITH_RESTART = Duration.ofSeconds(30);

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Test
    void newRunnersGetAnEnvironmentValueAndTheRouteGoesAwayWhenAnotherInstanceChangesThem() throws SQLException {
        String name = unique("feed");
        String jobId = publish(job(name, "1.0.0").file("index.js",
                "module.exports.handler = async (req, res) => res.text(process.env.GREETING ?? 'unset');\n").zip())
                .statusCode(200).extract().path("data.job.id");
        assertThat(answers(name, 200, "unset")).isTrue();

        execute("""
                insert into job_environment (id, job_id, name, type, value, created, modified)
                values (?, ?, 'GREETING', 'text', 'hello', now(), now())""", UUID.randomUUID(), UUID.fromString(jobId));
        execute("update job set environment_revision = environment_revision + 1, modified = now() where id = ?",
                UUID.fromString(jobId));
        await().atMost(WITH_RESTART).until(() -> answers(name, 200, "hello"));

        execute("update job set status = 'disabled', modified = now() where id = ?", UUID.fromString(jobId));
        await().atMost(PROMPTLY).until(() -> answers(name, 404, null));
    }

    @Test
    void anMqttTriggerConnectsWithTheSettingAnotherInstanceStoredInTheJobsEnvironment() throws SQLException {
        try (Mosquitto broker = Mosquitto.start()) {
            String jobId = publish(job(unique("feed-mqtt"), "1.0.0")
                    .file("index.js", Functions.source("mqtt.js").replace("'RECORDER_URL'", "''")).manifest(m -> {
                        m.withArray("triggers").removeAll();
                        ObjectNode trigger = m.withArray("triggers").addObject().put("type", "mqtt").put("name", "in");
                        trigger.withArray("topics").add("in/#");
                        trigger.putObject("connection").put("hostVariable", "BROKER_HOST").put("port", broker.port());
                    }).zip()).statusCode(200).extract().path("data.job.id");
            String triggerId = given().get("/api/job/" + jobId + "/triggers:current").then().extract()
                    .path("data[0].id");
            String status = "/api/job/" + jobId + "/triggers/" + triggerId + "/status";
            given().get(status).then().statusCode(200).body("data.status", equalTo("unhealthy"));

            execute("""
                    insert into job_environment (id, job_id, name, type, value, created, modified)
                    values (?, ?, 'BROKER_HOST', 'text', '127.0.0.1', now(), now())""", UUID.randomUUID(),
                    UUID.fromString(jobId));
            execute("update job set environment_revision = environment_revision + 1, modified = now() where id = ?",
                    UUID.fromString(jobId));

            await().atMost(WITH_RESTART).until(() -> "healthy".equals(given().get(status).then().statusCode(200)
                    .extract().path("data.status")));
            given().delete("/api/job/" + jobId).then().statusCode(200);
        }
    }

    private boolean answers(String name, int status, String body) {
        var response = given().get("http://127.0.0.1:" + gateway.port() + "/" + name);
        return response.statusCode() == status && (body == null || response.asString().equals(body));
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
