package dev.jobber.gateway.api;

import static dev.jobber.testing.AdminApi.as;
import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.publishEcho;
import static dev.jobber.testing.AdminApi.token;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/job/:jobId/try}: requests sent to a job through the gateway, with the echo function. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class TrialResourceTest {

    private static ValidatableResponse tryIt(String jobId, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/job/" + jobId + "/try").then();
    }

    @Test
    void sendsTheRequestThroughTheGatewayAndAnswersWhatTheFunctionAnswered() {
        String jobId = publishEcho(unique("try"), m -> { });

        tryIt(jobId, """
                {"method": "POST", "path": "/echo/json?q=1", "body": "hello",
                 "headers": {"X-Test": "yes", "Cookie": "a=b", "Authorization": "Bearer secret", "Connection": "x"}}
                """).statusCode(200).body("success", equalTo(true))
                .body("data.status", equalTo(200))
                .body("data.bodyBase64", equalTo(false))
                .body("data.truncated", equalTo(false))
                .body("data.body", containsString("\"body\":\"hello\""))
                .body("data.body", containsString("\"header\":\"yes\""))
                .body("data.body", containsString("\"query\":\"1\""))
                .body("data.durationMs", greaterThanOrEqualTo(0))
                .body("data.requestId", matchesPattern("[0-9a-f-]{36}"))
                .body("data.headers.collect { it[0].toLowerCase() }", hasItems("content-type",
                        "x-jobber-request-id"));
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/status\"}").statusCode(200)
                .body("data.status", equalTo(418))
                .body("data.body", equalTo("teapot"))
                .body("data.headers", hasItem(List.of("x-answer", "42")));

        given().get("/api/job/" + jobId + "/runners").then().statusCode(200)
                .body("data[0].requestsTotal", greaterThanOrEqualTo(2));
        given().get("/api/metrics/jobs").then().statusCode(200)
                .body("data.find { it.jobId == '" + jobId + "' }.requestsLastHour", greaterThanOrEqualTo(2))
                .body("data.find { it.jobId == '" + jobId + "' }.runnersTotal", greaterThanOrEqualTo(1))
                .body("data.find { it.jobId == '" + jobId + "' }.lastRequestAt", notNullValue());
    }

    @Test
    void cutsALargeAnswerAtOneMebibyteAndSendsBinaryAnswersAsBase64() {
        String name = unique("try-large");
        String function = """
                module.exports.handler = async (request, response) => {
                  if (request.path() === '/large/binary') {
                    response.header('content-type', 'application/octet-stream');
                    response.chunk(Buffer.from([0xff, 0xfe, 0x00, 0x41]));
                    return;
                  }
                  return response.text('x'.repeat(1024 * 1024 + 10));
                };
                """;
        String jobId = publish(job(name, "1.0.0").file("index.js", function).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/large/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");

        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/large/text\"}").statusCode(200)
                .body("data.status", equalTo(200))
                .body("data.truncated", equalTo(true))
                .body("data.bodyBase64", equalTo(false))
                .body("data.body.length()", equalTo(1024 * 1024));
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/large/binary\"}").statusCode(200)
                .body("data.truncated", equalTo(false))
                .body("data.bodyBase64", equalTo(true))
                .body("data.body", equalTo("//4AQQ=="));
    }

    @Test
    void aRequestTheRunnerTimesOutOnIsAnsweredAndCountedAsAnError() {
        String name = unique("try-timeout");
        String jobId = publishEcho(name, m -> m.with("action").put("runnerTimeout", 1));

        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/hang\"}").statusCode(200)
                .body("data.status", equalTo(504));

        given().get("/api/metrics/jobs").then()
                .body("data.find { it.jobId == '" + jobId + "' }.errorsLastHour", greaterThanOrEqualTo(1));
        given().get("/api/metrics/errors?limit=100").then().statusCode(200)
                .body("data.findAll { it.jobId == '" + jobId + "' }.kind", hasItems("request", "runner"))
                .body("data.find { it.jobId == '" + jobId + "' && it.kind == 'request' }.message",
                        containsString("GET /echo/hang answered 504"))
                .body("data.find { it.jobId == '" + jobId + "' }.jobName", equalTo(name));
    }

    @Test
    void refusesARequestNoRouteOfTheJobTakes() {
        String name = unique("try-route");
        String jobId = publishEcho(name, m -> ((ObjectNode) m.withArray("triggers").get(0)).put("method", "POST"));

        tryIt(jobId, "{\"method\": \"POST\", \"path\": \"/elsewhere\"}").statusCode(400)
                .body("success", equalTo(false))
                .body("message", containsString("POST /elsewhere matches no HTTP route of job " + name))
                .body("errors[0].field", equalTo("path"));
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/json\"}").statusCode(400)
                .body("message", containsString("matches no HTTP route of job " + name));
    }

    @Test
    void namesEveryProblemOfTheRequestAtOnce() {
        String jobId = publishEcho(unique("try-invalid"), m -> { });

        tryIt(jobId, "{\"method\": \"TRACE\", \"path\": \"http://example.com/echo/json\", \"headers\": "
                + "{\"Bad Name\": \"x\"}, \"extra\": 1}").statusCode(400)
                .body("errors.field", hasItems("extra", "method", "path", "headers.Bad Name"));
        tryIt(jobId, "{\"path\": \"/echo/" + "x".repeat(2048) + "\"}").statusCode(400)
                .body("errors.field", hasItems("method", "path"))
                .body("message", containsString("at most 2048"));
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"//example.com/echo/json\"}").statusCode(400)
                .body("errors[0].field", equalTo("path"));
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/json\", \"headers\": [\"x\"], \"body\": 3}")
                .statusCode(400).body("errors.field", hasItems("headers", "body"));
        tryIt(jobId, "[]").statusCode(400);
    }

    @Test
    void saysSoWhenTheJobIsDisabledOrHasNoActiveVersion() {
        String name = unique("try-disabled");
        String jobId = publishEcho(name, m -> { });
        given().contentType(ContentType.JSON).body("{\"status\":\"disabled\"}").put("/api/job/" + jobId).then()
                .statusCode(200);

        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/json\"}").statusCode(400)
                .body("message", containsString("job " + name + " is disabled"));

        given().contentType(ContentType.JSON).body("{\"status\":\"enabled\",\"jobVersionId\":null}")
                .put("/api/job/" + jobId).then().statusCode(200);
        tryIt(jobId, "{\"method\": \"GET\", \"path\": \"/echo/json\"}").statusCode(400)
                .body("message", containsString("job " + name + " has no active version"));
    }

    @Test
    void needsReadPermissionOnTheJobOnly() {
        String jobId = publishEcho(unique("try-access"), m -> { });
        String body = "{\"method\": \"TRACE\", \"path\": \"/echo/json\"}";
        String readOnly = token("[{\"effect\":\"allow\",\"resource\":\"job/" + jobId + "\",\"actions\":[\"read\"]}]");
        String other = token("[{\"effect\":\"allow\",\"resource\":\"job/" + UUID.randomUUID()
                + "\",\"actions\":[\"read\",\"write\"]}]");

        as(readOnly).contentType(ContentType.JSON).body(body).post("/api/job/" + jobId + "/try").then()
                .statusCode(400).body("errors[0].field", equalTo("method"));
        as(other).contentType(ContentType.JSON).body(body).post("/api/job/" + jobId + "/try").then()
                .statusCode(403).body("success", equalTo(false));
    }

    @Test
    void anUnknownJobIsNotFound() {
        tryIt(UUID.randomUUID().toString(), "{\"method\": \"GET\", \"path\": \"/echo/json\"}").statusCode(404)
                .body("success", equalTo(false));
        tryIt("nope", "{\"method\": \"GET\", \"path\": \"/echo/json\"}").statusCode(400)
                .body("message", not(containsString("route")));
    }
}
