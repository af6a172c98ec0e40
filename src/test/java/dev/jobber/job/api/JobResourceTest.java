package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.jobber.config.JobberConfig;
import dev.jobber.testing.AdminApi;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class JobResourceTest {

    @Inject
    JobberConfig config;

    private record Published(String jobId, String v1, String v2) {
    }

    /** A job with versions 1.0.0 and 2.0.0 (active), each with its own trigger path and action settings. */
    private static Published twoVersions(String name) {
        String v1 = publish(job(name, "1.0.0").manifest(m -> m.with("action").put("runnerMaxCount", 3)).zip())
                .statusCode(200).extract().path("data.version.id");
        String jobId = publish(job(name, "2.0.0").manifest(m -> {
            m.with("action").put("runnerMaxCount", 5);
            m.withArray("triggers").addObject().put("type", "schedule").put("cron", "@daily");
        }).zip()).statusCode(200).extract().path("data.job.id");
        String v2 = given().get("/api/job/" + jobId).then().extract().path("data.jobVersionId");
        return new Published(jobId, v1, v2);
    }

    @Test
    void listsVersionsActionsAndTriggersOfEveryVersion() {
        Published job = twoVersions(unique("lists"));

        given().get("/api/job/" + job.jobId + "/versions").then().statusCode(200)
                .body("data.version", contains("1.0.0", "2.0.0"))
                .body("data[0].created", org.hamcrest.Matchers.greaterThan(1_700_000_000));
        given().get("/api/job/" + job.jobId + "/actions").then().statusCode(200)
                .body("data.runnerMaxCount", contains(3, 5))
                .body("data.version", contains("1.0.0", "2.0.0"));
        given().get("/api/job/" + job.jobId + "/triggers").then().statusCode(200)
                .body("data", hasSize(3));
    }

    @Test
    void currentSelectorsGiveTheActiveVersionOnly() {
        Published job = twoVersions(unique("current"));

        for (String selector : new String[] {":current", ":latest", "%3Acurrent"}) {
            given().urlEncodingEnabled(false).get("/api/job/" + job.jobId + "/actions" + selector).then()
                    .statusCode(200).body("data.runnerMaxCount", contains(5));
            given().urlEncodingEnabled(false).get("/api/job/" + job.jobId + "/triggers" + selector).then()
                    .statusCode(200).body("data.context.type", contains("http", "schedule"))
                    .body("data[0].status.status", equalTo("unknown"));
        }
    }

    @Test
    void putActivatesAnEarlierVersionForRollback() {
        Published job = twoVersions(unique("rollback"));

        given().contentType(ContentType.JSON).body("{\"jobVersionId\":\"" + job.v1 + "\"}")
                .put("/api/job/" + job.jobId).then().statusCode(200)
                .body("data.version", equalTo("1.0.0"))
                .body("data.jobVersionId", equalTo(job.v1));
        given().get("/api/job/" + job.jobId + "/actions:current").then().body("data.runnerMaxCount", contains(3));

        given().contentType(ContentType.JSON).body("{\"jobVersionId\":\"" + job.v2 + "\"}")
                .put("/api/job/" + job.jobId).then().statusCode(200).body("data.version", equalTo("2.0.0"));
    }

    @Test
    void oneVersionComesWithItsManifestAsPublished() {
        Published job = twoVersions(unique("manifest"));

        given().get("/api/job/" + job.jobId + "/versions/" + job.v1).then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.id", equalTo(job.v1))
                .body("data.jobId", equalTo(job.jobId))
                .body("data.version", equalTo("1.0.0"))
                .body("data.created", org.hamcrest.Matchers.greaterThan(1_700_000_000))
                .body("data.modified", org.hamcrest.Matchers.greaterThan(1_700_000_000))
                .body("data.manifest.version", equalTo("1.0.0"))
                .body("data.manifest.action.runnerMaxCount", equalTo(3));
        given().get("/api/job/" + job.jobId + "/versions/" + job.v2).then().statusCode(200)
                .body("data.manifest.triggers.type", contains("http", "schedule"));
    }

    @Test
    void aVersionOfAnotherJobOrAnUnknownOneIsNotFound() {
        Published mine = twoVersions(unique("mine-version"));
        Published other = twoVersions(unique("other-version"));

        given().get("/api/job/" + mine.jobId + "/versions/" + other.v1).then().statusCode(404)
                .body("success", equalTo(false));
        given().get("/api/job/" + mine.jobId + "/versions/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/job/" + UUID.randomUUID() + "/versions/" + mine.v1).then().statusCode(404);
        given().get("/api/job/" + mine.jobId + "/versions/nope").then().statusCode(400);
    }

    @Test
    void aVersionIsReadOnlyWithReadPermissionOnIt() {
        Published job = twoVersions(unique("version-access"));
        String onlyV1 = AdminApi.token("[{\"effect\":\"allow\",\"resource\":\"job/" + job.jobId + "/versions/"
                + job.v1 + "\",\"actions\":[\"read\"]}]");

        AdminApi.as(onlyV1).get("/api/job/" + job.jobId + "/versions/" + job.v1).then().statusCode(200);
        AdminApi.as(onlyV1).get("/api/job/" + job.jobId + "/versions/" + job.v2).then().statusCode(403)
                .body("success", equalTo(false));
    }

    @Test
    void putChangesStatusAndDescriptionAndCanDeactivateEveryVersion() {
        Published job = twoVersions(unique("status"));

        given().contentType(ContentType.JSON).body("{\"status\":\"disabled\",\"description\":\"paused\"}")
                .put("/api/job/" + job.jobId + "/").then().statusCode(200)
                .body("data.status", equalTo("disabled"))
                .body("data.description", equalTo("paused"))
                .body("data.version", equalTo("2.0.0"));
        given().contentType(ContentType.JSON).body("{\"jobVersionId\":null}")
                .put("/api/job/" + job.jobId).then().statusCode(200)
                .body("data.jobVersionId", nullValue()).body("data.version", nullValue());
        given().get("/api/job/" + job.jobId + "/triggers:current").then().body("data", hasSize(0));
    }

    @Test
    void putRefusesAVersionOfAnotherJobAndUnknownStatuses() {
        Published mine = twoVersions(unique("mine"));
        Published other = twoVersions(unique("other"));

        given().contentType(ContentType.JSON).body("{\"jobVersionId\":\"" + other.v1 + "\"}")
                .put("/api/job/" + mine.jobId).then().statusCode(400)
                .body("success", equalTo(false))
                .body("message", containsString("belongs to another job"));
        given().contentType(ContentType.JSON).body("{\"status\":\"paused\"}")
                .put("/api/job/" + mine.jobId).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        given().contentType(ContentType.JSON).body("{\"jobVersionId\":\"nope\"}")
                .put("/api/job/" + mine.jobId).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{not json")
                .put("/api/job/" + mine.jobId).then().statusCode(400).body("success", equalTo(false));
        given().get("/api/job/" + mine.jobId).then().body("data.version", equalTo("2.0.0"));
    }

    @Test
    void putNamesEveryProblemOfTheBodyAtOnceAndRefusesUnknownFields() {
        Published job = twoVersions(unique("body"));

        given().contentType(ContentType.JSON).body("{\"status\":1,\"jobVersionId\":\"nope\",\"enabled\":true}")
                .put("/api/job/" + job.jobId).then().statusCode(400)
                .body("errors.field", contains("enabled", "status", "jobVersionId"))
                .body("message", containsString("enabled: is not a known field"))
                .body("message", containsString("status: must be a string, got number"))
                .body("message", containsString("jobVersionId: must be a UUID, got \"nope\""));
        given().get("/api/job/" + job.jobId).then().body("data.version", equalTo("2.0.0"));
    }

    @Test
    void deleteRemovesTheJobItsVersionsAndArchives() {
        String name = unique("delete");
        Published job = twoVersions(name);
        int archivesBefore = TestFiles.listFiles(config.dataDir().resolve("archives")).size();

        given().delete("/api/job/" + job.jobId).then().statusCode(200).body("success", equalTo(true));

        given().get("/api/job/" + job.jobId).then().statusCode(404).body("success", equalTo(false));
        given().get("/api/job/" + job.jobId + "/versions").then().statusCode(404);
        given().get("/api/job").then().body("data.jobName", not(hasItem(name)));
        assertThat(TestFiles.listFiles(config.dataDir().resolve("archives"))).hasSize(archivesBefore - 2);
        given().delete("/api/job/" + job.jobId).then().statusCode(404);
    }

    @Test
    void unknownJobsAre404AndMalformedIds400() {
        given().get("/api/job/" + UUID.randomUUID()).then().statusCode(404)
                .body("success", equalTo(false)).body("message", containsString("not found"));
        given().get("/api/job/" + UUID.randomUUID() + "/triggers").then().statusCode(404);
        given().get("/api/job/not-a-uuid").then().statusCode(400)
                .body("errors[0].field", equalTo("jobId"));
        given().delete("/api/job/123").then().statusCode(400);
    }

    @Test
    void actionsAndTriggersAnswerTheirShapesToTheByte() {
        String jobId = publish(job(unique("shapes"), "1.0.0").manifest(m -> {
            m.with("action").put("runnerAsynchronous", false).put("runnerMinCount", 0).put("runnerMaxCount", 2)
                    .put("runnerMode", "run-once");
            var docker = m.with("action").putObject("runnerDockerArguments");
            docker.putArray("networks").add("backend");
            docker.putArray("volumes").addObject().put("target", "/data").put("source", "data");
            docker.putArray("labels").addObject().put("value", "ops").put("key", "team");
            docker.put("memoryLimit", "64m");
            docker.putArray("directPassthroughArguments").add("--cpus=0.5").add("-e").add("A=b");
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("method", "GET").put("path", "/shapes");
            m.withArray("triggers").addObject().put("type", "schedule").put("cron", "@daily").put("name", "nightly");
        }).zip()).statusCode(200).extract().path("data.job.id");

        String actions = given().get("/api/job/" + jobId + "/actions").then().statusCode(200).extract().asString();
        String triggers = given().get("/api/job/" + jobId + "/triggers").then().statusCode(200).extract().asString();

        assertThat(withoutIds(actions)).isEqualTo("{\"success\":true,\"data\":[{\"id\":\"ID\",\"jobId\":\"ID\","
                + "\"jobVersionId\":\"ID\",\"version\":\"1.0.0\",\"runnerAsynchronous\":false,\"runnerMinCount\":0,"
                + "\"runnerMaxCount\":2,\"runnerTimeout\":60,\"runnerMaxIdleAge\":0,\"runnerMaxAge\":900,"
                + "\"runnerMaxAgeHard\":960,\"runnerMode\":\"run-once\",\"runnerDockerArguments\":{\"labels\":[{"
                + "\"key\":\"team\",\"value\":\"ops\"}],\"volumes\":[{\"source\":\"data\",\"target\":\"/data\"}],"
                + "\"networks\":[\"backend\"],\"memoryLimit\":\"64m\",\"directPassthroughArguments\":[\"--cpus=0.5\","
                + "\"-e\",\"A=b\"]}}]}");
        assertThat(withoutIds(triggers).replaceAll("\"status\":\\{[^}]*}", "\"status\":{STATUS}"))
                .isEqualTo("{\"success\":true,\"data\":[{\"id\":\"ID\",\"jobId\":\"ID\",\"jobVersionId\":\"ID\","
                        + "\"version\":\"1.0.0\",\"context\":{\"path\":\"/shapes\",\"type\":\"http\","
                        + "\"method\":\"GET\"},\"status\":{STATUS}},{\"id\":\"ID\",\"jobId\":\"ID\","
                        + "\"jobVersionId\":\"ID\",\"version\":\"1.0.0\",\"context\":{\"cron\":\"@daily\","
                        + "\"name\":\"nightly\",\"type\":\"schedule\"},\"status\":{STATUS}}]}");
        assertThat(triggers).contains("\"status\":{\"status\":\"");
    }

    private static String withoutIds(String json) {
        return json.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID");
    }

    @Test
    void unknownApiRoutesAnswerInTheEnvelope() {
        given().get("/api/nothing/here").then().statusCode(404)
                .contentType(ContentType.JSON).body("success", equalTo(false));
        given().post("/api/job").then().statusCode(405).body("success", equalTo(false));
    }

    @Test
    void configNamesTheInstanceAndItsFeatures() {
        given().get("/api/config").then().statusCode(200)
                .body("data.jobberName", org.hamcrest.Matchers.startsWith("jobber-test-"))
                .body("data.features.metricsEnabled", equalTo(true))
                .body("data.features.actionDockerArgumentVolumesEnabled", equalTo(false))
                .body("data.gatewayUrl", org.hamcrest.Matchers.nullValue())
                .body("data.gatewayPort", org.hamcrest.Matchers.nullValue())
                .body("data.directPassthroughArguments.enabled", equalTo(false))
                .body("data.directPassthroughArguments.appliedFlags", org.hamcrest.Matchers.hasItems("--cpus",
                        "--memory", "--env", "--label", "--add-host", "--ulimit"))
                .body("data.directPassthroughArguments.upTo.pidsLimit", equalTo(256));
        given().get("/api/config/").then().statusCode(200).body("success", equalTo(true));
    }
}
