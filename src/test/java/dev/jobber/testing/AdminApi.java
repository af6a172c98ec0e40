package dev.jobber.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.util.UUID;

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
}
