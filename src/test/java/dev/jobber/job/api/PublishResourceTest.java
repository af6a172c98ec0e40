package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jobber.config.JobberConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoredState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import dev.jobber.testing.Multipart;
import java.net.URI;
import java.net.http.HttpResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PublishResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobberConfig config;

    private StoredState stored() {
        return StoredState.of(dataSource, config.dataDir());
    }

    @Test
    void publishesAValidArchiveAsTheActiveVersion() {
        String name = unique("hello");
        String jobId = publish(job(name, "1.0.0").zip())
                .statusCode(200)
                .body("success", equalTo(true))
                .body("data.job.jobName", equalTo(name))
                .body("data.job.version", equalTo("1.0.0"))
                .body("data.job.status", equalTo("enabled"))
                .body("data.version.version", equalTo("1.0.0"))
                .extract().path("data.job.id");

        given().get("/api/job/").then().statusCode(200).body("data.jobName", hasItem(name));
        given().get("/api/job/" + jobId).then().statusCode(200)
                .body("data.description", equalTo("A test job"))
                .body("data.jobVersionId", notNullValue());
        given().get("/api/job/" + jobId + "/triggers:current").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].context.type", equalTo("http"))
                .body("data[0].context.path", equalTo("/" + name))
                .body("data[0].version", equalTo("1.0.0"));
    }

    @Test
    void acceptsTheArchiveUnderEveryZipContentType() {
        for (String type : new String[] {"application/x-zip-compressed", "application/octet-stream"}) {
            given().multiPart("archive", "job.zip", job(unique("typed"), "1.0.0").zip(), type)
                    .post("/api/job/publish").then().statusCode(200);
        }
    }

    @Test
    void keepsTheActiveVersionWhenRolloutIsNotAllowed() {
        String name = unique("norollout");
        String jobId = publish(job(name, "1.0.0").zip()).statusCode(200).extract().path("data.job.id");

        publish(job(name, "2.0.0").zip(), "?allowAutomaticRollout=false").statusCode(200)
                .body("data.job.version", equalTo("1.0.0"));
        publish(job(name, "3.0.0").zip(), "?allowAutomaticRollout=yes").statusCode(200)
                .body("data.job.version", equalTo("1.0.0"));

        given().get("/api/job/" + jobId + "/versions").then().body("data.version", hasSize(3));
        given().get("/api/job/" + jobId).then().body("data.version", equalTo("1.0.0"));
    }

    @Test
    void answersConflictForAnExistingVersionWithAnotherArchive() {
        String name = unique("dup");
        publish(job(name, "1.0.0").zip()).statusCode(200);
        StoredState before = stored();

        publish(job(name, "1.0.0").file("other.js", "// changed").zip())
                .statusCode(409)
                .body("success", equalTo(false))
                .body("message", containsString("already exists"));

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void republishingTheIdenticalArchiveChangesNothing() {
        String name = unique("same");
        byte[] zip = job(name, "1.0.0").zip();
        String versionId = publish(zip).statusCode(200).extract().path("data.version.id");
        StoredState before = stored();

        publish(zip).statusCode(200).body("success", equalTo(true)).body("data.version.id", equalTo(versionId));

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesAManifestWithFiveMistakesNamingEveryOne() {
        StoredState before = stored();
        byte[] zip = job(unique("bad"), "1.0.0").manifest(m -> {
            m.remove("version");
            m.with("action").put("runnerMinCount", 5).put("runnerMaxCount", 2).put("runnerTimeout", -1);
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/api/(");
            m.withArray("triggers").addObject().put("type", "http").put("path", "/ok");
            m.withArray("triggers").addObject().put("type", "schedule").put("cron", "61 * * * *");
            m.withArray("triggers").addObject().put("type", "mqtt").putArray("topics").add("a/#/b");
            m.withArray("triggers").get(3).withObject("connection").put("host", "localhost");
        }).zip();

        publish(zip).statusCode(400)
                .body("success", equalTo(false))
                .body("errors.field", allOf(hasItem("version"), hasItem("action.runnerMinCount"),
                        hasItem("action.runnerTimeout"), hasItem("triggers[0].path"), hasItem("triggers[2].cron"),
                        hasItem("triggers[3].topics[0]")))
                .body("message", allOf(containsString("version: is required"),
                        containsString("action.runnerMinCount: must be ≤ runnerMaxCount"),
                        containsString("triggers[0].path: invalid regular expression"),
                        containsString("triggers[2].cron"), containsString("triggers[3].topics[0]")));

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesAnArchiveWithPathTraversal() {
        StoredState before = stored();
        publish(job(unique("slip"), "1.0.0").file("../evil.js", "x").zip())
                .statusCode(400)
                .body("message", containsString("../evil.js"));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesAZipBomb() throws IOException {
        StoredState before = stored();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("package.json"));
            zip.write(("{\"name\":\"" + unique("bomb") + "\",\"version\":\"1\",\"main\":\"index.js\"}").getBytes());
            zip.putNextEntry(new ZipEntry("index.js"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 16; i++) {
                zip.write(zeros);
            }
        }
        publish(bytes.toByteArray()).statusCode(400).body("message", containsString("expands to more than"));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesAnOversizedUploadWith413() throws Exception {
        StoredState before = stored();
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(noise);
        byte[] zip = job(unique("huge"), "1.0.0").file("blob.bin", noise).zip();

        // As curl -F sends it: with a Content-Length.
        HttpResponse<String> response = Multipart.post(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/job/publish/"), "archive", zip);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"success\":false").contains("JOBBER_ARCHIVE_MAX_SIZE");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesSomethingThatIsNotAZip() {
        publish("just some text".getBytes()).statusCode(400).body("message", containsString("not a zip"));
    }

    @Test
    void refusesAnArchiveWithoutPackageJson() {
        publish(job(unique("nomanifest"), "1.0.0").withoutManifest().zip())
                .statusCode(400).body("message", containsString("has no package.json"));
    }

    @Test
    void refusesARequestWithoutTheArchiveField() {
        given().multiPart("other", "x.zip", job(unique("field"), "1").zip(), "application/zip")
                .post("/api/job/publish/").then().statusCode(400)
                .body("errors[0].field", equalTo("archive"));
    }

    @Test
    void refusesAMainThatIsNotInTheArchive() {
        publish(job(unique("nomain"), "1.0.0").manifest(m -> m.put("main", "dist/index.js")).zip())
                .statusCode(400).body("errors[0].field", equalTo("main"))
                .body("data", nullValue());
    }
}
