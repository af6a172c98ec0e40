package dev.jobber.metrics.api;

import static dev.jobber.testing.AdminApi.as;
import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.token;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.jobber.metrics.JobActivity;
import dev.jobber.metrics.RecentErrors;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics/jobs} and {@code /api/metrics/errors}, fed directly rather than through runners. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PanelMetricsTest {

    @Inject
    JobActivity activity;

    @Inject
    RecentErrors errors;

    private static String publishJob(String name) {
        return publish(job(name, "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
    }

    private static String readOnly(String jobId, String... more) {
        return token("[{\"effect\":\"allow\",\"resource\":\"job/" + jobId + "\",\"actions\":[\"read\"]}"
                + String.join("", more) + "]");
    }

    private static final String OVERVIEW = ",{\"effect\":\"allow\",\"resource\":\"system/metrics/overview\","
            + "\"actions\":[\"read\"]}";

    @Test
    void jobsSummaryCountsTheLastHoursInvocationsAndFailures() {
        String jobId = publishJob(unique("summary"));
        activity.invoked(UUID.fromString(jobId), false);
        activity.invoked(UUID.fromString(jobId), true);

        given().get("/api/metrics/jobs").then().statusCode(200).body("success", equalTo(true))
                .body("data.find { it.jobId == '" + jobId + "' }.requestsLastHour", equalTo(2))
                .body("data.find { it.jobId == '" + jobId + "' }.errorsLastHour", equalTo(1))
                .body("data.find { it.jobId == '" + jobId + "' }.runnersTotal", greaterThanOrEqualTo(0))
                .body("data.find { it.jobId == '" + jobId + "' }.lastRequestAt",
                        greaterThanOrEqualTo((int) (System.currentTimeMillis() / 1000) - 60));
    }

    @Test
    void aJobNeverInvokedHasNoLastRequest() {
        String jobId = publishJob(unique("idle"));

        given().get("/api/metrics/jobs").then().statusCode(200)
                .body("data.find { it.jobId == '" + jobId + "' }.requestsLastHour", equalTo(0))
                .body("data.find { it.jobId == '" + jobId + "' }.lastRequestAt", nullValue());
    }

    @Test
    void jobsSummaryListsOnlyTheJobsTheCallerMayRead() {
        String mine = publishJob(unique("mine"));
        String other = publishJob(unique("other"));

        as(readOnly(mine)).get("/api/metrics/jobs").then().statusCode(200)
                .body("data.jobId", contains(mine));
        as(token("[]")).get("/api/metrics/jobs").then().statusCode(200).body("data", hasSize(0));
        given().get("/api/metrics/jobs").then().body("data.jobId", hasItem(other));
    }

    @Test
    void errorsAreNewestFirstAndLimited() {
        UUID jobId = UUID.fromString(publishJob(unique("errors")));
        errors.record(jobId, "errors", RecentErrors.Kind.RUNNER, "Runner failed to start: boom");
        errors.record(jobId, "errors", RecentErrors.Kind.REQUEST, "GET /x answered 504");

        given().get("/api/metrics/errors?limit=2").then().statusCode(200).body("data", hasSize(2))
                .body("data.kind", contains("request", "runner"))
                .body("data.message", contains("GET /x answered 504", "Runner failed to start: boom"))
                .body("data[0].jobId", equalTo(jobId.toString()))
                .body("data[0].jobName", equalTo("errors"))
                .body("data[0].time", greaterThanOrEqualTo(0L));
        given().get("/api/metrics/errors").then().statusCode(200).body("data.size()", lessThanOrEqualTo(20));
    }

    @Test
    void errorsOfJobsTheCallerMayNotReadAreLeftOut() {
        UUID mine = UUID.fromString(publishJob(unique("mine-errors")));
        UUID other = UUID.randomUUID();
        errors.record(mine, "mine", RecentErrors.Kind.TRIGGER, "Scheduled run failed");
        errors.record(other, "other", RecentErrors.Kind.RUNNER, "crashed");

        as(readOnly(mine.toString(), OVERVIEW)).get("/api/metrics/errors?limit=100").then().statusCode(200)
                .body("data.jobId", hasItem(mine.toString()))
                .body("data.jobId", not(hasItem(other.toString())));
    }

    @Test
    void errorsNeedTheOverviewPermission() {
        String jobId = publishJob(unique("refused"));

        as(readOnly(jobId)).get("/api/metrics/errors").then().statusCode(403).body("success", equalTo(false));
    }

    @Test
    void errorsRefuseALimitOutOfRange() {
        for (String limit : new String[] {"0", "101", "many"}) {
            given().get("/api/metrics/errors?limit=" + limit).then().statusCode(400)
                    .body("errors[0].field", equalTo("limit"))
                    .body("message", containsString("limit"));
        }
    }
}
