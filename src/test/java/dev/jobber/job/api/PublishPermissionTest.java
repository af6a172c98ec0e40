package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.jobber.config.JobberConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoredState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Who may publish what: a version of an existing job needs write on that job's publish resource. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PublishPermissionTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobberConfig config;

    @Test
    void aTokenForOneJobPublishesThatJobButNoOther() {
        String a = unique("ci-a");
        String b = unique("ci-b");
        String jobA = publish(job(a, "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
        String jobB = publish(job(b, "1.0.0").zip()).statusCode(200).extract().path("data.job.id");

        for (String resource : new String[] {"job/" + jobA + "/publish", "job/" + jobA}) {
            String token = token(resource);
            StoredState before = stored();
            publishAs(token, job(b, "2.0.0-" + resource.length()).zip())
                    .statusCode(403)
                    .body("success", equalTo(false))
                    .body("message", containsString(b));
            assertThat(stored()).as("nothing stored for " + resource).isEqualTo(before);

            publishAs(token, job(a, "2.0.0-" + resource.length()).zip())
                    .statusCode(200)
                    .body("data.job.id", equalTo(jobA));
        }
        given().get("/api/job/" + jobB + "/versions").then().body("data", hasSize(1));
        given().get("/api/job/" + jobB).then().body("data.version", equalTo("1.0.0"));
        given().get("/api/job/" + jobA + "/versions").then().body("data", hasSize(3));
    }

    @Test
    void theNewJobPermissionCreatesJobsButAddsNoVersionToAnExistingOne() {
        String token = token("job/-/publish");
        String created = unique("ci-new");
        String existing = unique("ci-existing");
        String existingId = publish(job(existing, "1.0.0").zip()).statusCode(200).extract().path("data.job.id");

        publishAs(token, job(created, "1.0.0").zip()).statusCode(200).body("data.job.jobName", equalTo(created));

        StoredState before = stored();
        publishAs(token, job(existing, "2.0.0").zip()).statusCode(403)
                .body("message", containsString("/publish"));
        publishAs(token, job(created, "2.0.0").zip()).statusCode(403);
        assertThat(stored()).isEqualTo(before);
        given().get("/api/job/" + existingId).then().body("data.version", equalTo("1.0.0"));
    }

    @Test
    void aCallerWithoutAnyPublishPermissionIsRefusedBeforeTheUpload() {
        String token = token("job/-/versions");
        publishAs(token, job(unique("ci-none"), "1.0.0").zip()).statusCode(403);
    }

    private StoredState stored() {
        return StoredState.of(dataSource, config.dataDir());
    }

    private static ValidatableResponse publishAs(String token, byte[] zip) {
        return given().header("Authorization", "Bearer " + token)
                .multiPart("archive", "job.zip", zip, "application/zip")
                .post("/api/job/publish/").then();
    }

    private static String token(String resource) {
        return given().contentType("application/json")
                .body("{\"description\":\"ci\",\"ttl\":600,\"permissions\":[{\"effect\":\"allow\",\"resource\":\""
                        + resource + "\",\"actions\":[\"write\"]}]}")
                .post("/api/api-tokens/").then().statusCode(200).extract().path("data.token");
    }
}
