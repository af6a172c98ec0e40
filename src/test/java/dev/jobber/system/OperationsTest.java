package dev.jobber.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class OperationsTest {

    @Inject
    GatewayServer gateway;

    @Test
    void readinessIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void publishesAnOpenApiDocumentAndSwaggerUi() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/job/publish"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void anonymousCallersGetProbeStatusesOnlyAndNoHealthDetailsOrApiDocument() {
        anonymous().get("/q/health/ready").then().statusCode(200).body(equalTo("{\"status\":\"UP\"}"));
        anonymous().get("/q/health/live").then().statusCode(200).body(equalTo("{\"status\":\"UP\"}"));
        anonymous().get("/q/health").then().statusCode(401).body("success", equalTo(false));
        anonymous().get("/q/health/").then().statusCode(401);
        anonymous().accept(ContentType.JSON).get("/q/openapi").then().statusCode(401);
        anonymous().get("/q/swagger-ui/").then().statusCode(401);
        anonymous().header("Authorization", "Bearer jbt_not-a-token").get("/q/openapi").then().statusCode(401);
    }

    private static io.restassured.specification.RequestSpecification anonymous() {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class);
    }

    @Test
    void gatewayAnswers404InTheFormTheCallerAccepts() {
        String base = "http://127.0.0.1:" + gateway.port();
        given().accept("application/json").get(base + "/anything").then().statusCode(404)
                .contentType(ContentType.JSON).body("success", equalTo(false));
        given().accept("text/html").get(base + "/anything").then().statusCode(404)
                .contentType(ContentType.HTML);
        given().accept("text/plain").get(base + "/anything").then().statusCode(404)
                .contentType(ContentType.TEXT).body(containsString("No trigger matches GET /anything"));
    }
}
