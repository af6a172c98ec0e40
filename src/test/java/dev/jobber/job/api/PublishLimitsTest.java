package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.config.JobberConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.SmallInstance;
import dev.jobber.testing.StoredState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Manifests asking for more than the instance gives are refused at publish, each field named, nothing stored. */
@QuarkusTest
@TestProfile(SmallInstance.class)
@QuarkusTestResource(JobberTestResource.class)
class PublishLimitsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobberConfig config;

    @Test
    void refusesRunnerCountsTimeoutsAgesAndSchedulesBeyondTheirBounds() {
        StoredState before = stored();
        byte[] zip = job(unique("greedy"), "1.0.0").manifest(m -> {
            m.with("action").put("runnerMinCount", 3).put("runnerMaxCount", 3).put("runnerTimeout", 86_401)
                    .put("runnerMaxIdleAge", 2_592_001).put("runnerMaxAge", 2_592_001)
                    .put("runnerMaxAgeHard", 2_592_001);
            m.withArray("triggers").addObject().put("type", "schedule").put("cron", "*/5 * * * * *");
        }).zip();

        publish(zip).statusCode(400)
                .body("success", equalTo(false))
                .body("errors.field", containsInAnyOrder("action.runnerMinCount", "action.runnerMaxCount",
                        "action.runnerTimeout", "action.runnerMaxIdleAge", "action.runnerMaxAge",
                        "action.runnerMaxAgeHard", "triggers[1].cron"))
                .body("message", allOf(containsString("action.runnerMaxCount: must be at most 2"),
                        containsString("action.runnerTimeout: must be at most 86400"),
                        containsString("action.runnerMaxAge: must be at most 2592000"),
                        containsString("triggers[1].cron: \"*/5 * * * * *\" can run 5 s after its previous run")));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesMoreTriggersThanAVersionMayHave() {
        StoredState before = stored();
        byte[] zip = job(unique("triggers"), "1.0.0").manifest(m -> {
            for (int i = 0; i < 64; i++) {
                m.withArray("triggers").addObject().put("type", "http").put("path", "/many/" + i);
            }
        }).zip();

        publish(zip).statusCode(400).body("errors[0].field", equalTo("triggers"))
                .body("errors[0].message", containsString("at most 64 triggers"));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void acceptsWhatStaysWithinTheBounds() {
        String jobId = publish(job(unique("modest"), "1.0.0").manifest(m -> {
            m.with("action").put("runnerMinCount", 0).put("runnerMaxCount", 2).put("runnerTimeout", 86_400)
                    .put("runnerMaxAge", 2_592_000).put("runnerMaxAgeHard", 2_592_000);
            m.withArray("triggers").addObject().put("type", "schedule").put("cron", "*/10 * * * * *");
        }).zip()).statusCode(200).extract().path("data.job.id");
        // Its runners would take the instance's two slots from other tests of this profile.
        given().delete("/api/job/" + jobId).then().statusCode(200);
    }

    private StoredState stored() {
        return StoredState.of(dataSource, config.dataDir());
    }
}
