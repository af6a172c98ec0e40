package dev.jobber.instance.api;

import static dev.jobber.testing.AdminApi.as;
import static dev.jobber.testing.AdminApi.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class HealthResourceTest {

    @Test
    void reportsTheDatabaseAndTheContainerEngineUp() {
        given().get("/api/health").then().statusCode(200).body("success", equalTo(true))
                .body("data.status", equalTo("up"))
                .body("data.checks.name", hasItems("database", "containerEngine"))
                .body("data.checks.find { it.name == 'database' }.status", equalTo("up"))
                .body("data.checks.find { it.name == 'containerEngine' }.status", equalTo("up"))
                .body("data.checks.find { it.name == 'containerEngine' }.message",
                        org.hamcrest.Matchers.containsString("address"));
    }

    @Test
    void needsTheOverviewPermission() {
        as(token("[{\"effect\":\"allow\",\"resource\":\"job\",\"actions\":[\"read\"]}]")).get("/api/health").then()
                .statusCode(403).body("success", equalTo(false));
        as(token("[{\"effect\":\"allow\",\"resource\":\"system/metrics/overview\",\"actions\":[\"read\"]}]"))
                .get("/api/health").then().statusCode(200);
    }
}
