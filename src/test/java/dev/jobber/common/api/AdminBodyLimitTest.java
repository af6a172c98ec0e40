package dev.jobber.common.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class AdminBodyLimitTest {

    private static final int TWO_MIB = 2 * 1024 * 1024;

    @Test
    void aJsonBodyOverTheAdminLimitIsRefusedWith413NamingTheLimit() {
        String jobId = publish(job(unique("limited"), "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
        String description = given().get("/api/job/" + jobId).then().extract().path("data.description");
        byte[] body = ("{\"description\":\"" + "x".repeat(TWO_MIB) + "\"}").getBytes(StandardCharsets.UTF_8);

        given().contentType("application/json").body(body).put("/api/job/" + jobId)
                .then().statusCode(413).body("success", equalTo(false))
                .body("message", containsString("1048576 bytes")).body("message", containsString("ADMIN_MAX_BODY_SIZE"));
        given().get("/api/job/" + jobId).then().statusCode(200).body("data.description", equalTo(description));
    }

    @Test
    void aChunkedJsonBodyOverTheAdminLimitIsRefusedWith413() throws IOException {
        String name = unique("chunked");
        byte[] body = ("{\"username\":\"" + name + "\",\"password\":\"password-1\",\"permissions\":[],\"pad\":\""
                + "x".repeat(TWO_MIB) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = RawHttp.open(RestAssured.port, "POST", "/api/users/", "localhost", null,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token()))) {
            writeChunks(http, body);
            assertThat(http.readHead()).isEqualTo(413);
            assertThat(http.readBody()).contains("\"success\":false").contains("ADMIN_MAX_BODY_SIZE");
        }
        given().get("/api/users/").then().statusCode(200).body("data.username", not(hasItem(name.toLowerCase())));
    }

    @Test
    void aFormBodyOverTheAdminLimitIsRefusedWith413() {
        String jobId = publish(job(unique("form"), "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
        var request = given().formParam("type", "text").formParam("value", "small");
        for (int i = 0; i < 16; i++) {
            request = request.formParam("pad" + i, "y".repeat(200 * 1024));
        }
        request.post("/api/job/" + jobId + "/environment/FORM_LIMIT").then().statusCode(413)
                .body("message", containsString("ADMIN_MAX_BODY_SIZE"));
        given().get("/api/job/" + jobId + "/environment").then().statusCode(200).body("data", equalTo(Map.of()));
    }

    @Test
    void anArchiveLargerThanTheAdminLimitStillPublishes() {
        byte[] noise = new byte[1536 * 1024];
        new Random(8).nextBytes(noise);
        byte[] zip = job(unique("big"), "1.0.0").file("blob.bin", noise).zip();
        assertThat(zip.length).isGreaterThan(1024 * 1024);

        publish(zip).statusCode(200).body("success", equalTo(true));
    }

    @Test
    void smallBodiesStillWork() {
        String name = unique("small");
        given().contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"password-1\",\"permissions\":[]}")
                .post("/api/users/").then().statusCode(200);
        given().contentType("application/json").body("{\"description\":\"d\"}").put("/api/job/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    /** Sends {@code body} in 64 KiB chunks; stops writing when the server stops reading. */
    private static void writeChunks(RawHttp http, byte[] body) {
        try {
            for (int offset = 0; offset < body.length; offset += 65536) {
                http.writeChunk(Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 65536)));
            }
            http.endChunks();
        } catch (IOException e) {
            // the server answered and closed the connection before the whole body was sent
        }
    }

    private static String token() {
        return TestAdmin.token(URI.create(RestAssured.baseURI + ":" + RestAssured.port));
    }
}
