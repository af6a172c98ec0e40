package dev.jobber.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.function.Consumer;

/** Calls to the admin API shared by tests. */
public final class AdminApi {

    private AdminApi() {
    }

    /** A name no other test uses, so tests can share one database. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse publish(byte[] zip) {
        return publish(zip, "");
    }

    public static ValidatableResponse publish(byte[] zip, String query) {
        return given().multiPart("archive", "job.zip", zip, "application/zip")
                .when().post("/api/job/publish/" + query)
                .then();
    }

    /**
     * Publishes the echo function under {@code name}, answering {@code /echo/…} for the host {@code <name>.test};
     * returns the job id.
     */
    public static String publishEcho(String name, Consumer<ObjectNode> manifest) {
        return publish(JobArchive.job(name, "1.0.0").file("index.js", Functions.echo("v1")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/echo/").put("hostname",
                    name + ".test");
            manifest.accept(m);
        }).zip()).statusCode(200).extract().path("data.job.id");
    }

    /** An API token holding {@code permissions} (a JSON array of permission documents), made by the administrator. */
    public static String token(String permissions) {
        return given().contentType("application/json")
                .body("{\"description\":\"test token\",\"ttl\":600,\"permissions\":" + permissions + "}")
                .post("/api/api-tokens/").then().statusCode(200).extract().path("data.token");
    }

    /** A request made with {@code token} instead of the administrator's credentials. */
    public static RequestSpecification as(String token) {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class).header("Authorization", "Bearer " + token);
    }
}
