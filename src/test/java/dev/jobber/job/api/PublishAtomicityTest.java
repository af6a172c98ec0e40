package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.jobber.config.JobberConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoredState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A publish stores all of a version or nothing, also when it fails late or races another publish of its job. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PublishAtomicityTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobberConfig config;

    private StoredState stored() {
        return StoredState.of(dataSource, config.dataDir());
    }

    private void sql(String statement) {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailureAfterTheRowsWereWrittenLeavesNoRowAndNoArchive() {
        String name = unique("atomic");
        // The database refuses this job's trigger row: the job, version and action rows are already written by then.
        sql("create function fail_" + name.replace('-', '_') + "() returns trigger language plpgsql as $$ begin"
                + " if new.context->>'path' = '/" + name + "' then raise exception 'injected failure'; end if;"
                + " return new; end $$");
        sql("create trigger fail_" + name.replace('-', '_') + " before insert on job_trigger for each row"
                + " execute function fail_" + name.replace('-', '_') + "()");
        try {
            StoredState before = stored();
            publish(job(name, "1.0.0").file("unique.txt", name).zip()).statusCode(500)
                    .body("success", equalTo(false));
            assertThat(stored()).isEqualTo(before);
            given().get("/api/job/").then().statusCode(200).body("data.jobName", not(hasItem(name)));
        } finally {
            sql("drop trigger fail_" + name.replace('-', '_') + " on job_trigger");
            sql("drop function fail_" + name.replace('-', '_') + "()");
        }
        // Nothing half-stored stands in the way of the same publish once the fault is gone.
        String jobId = publish(job(name, "1.0.0").file("unique.txt", name).zip()).statusCode(200).extract()
                .path("data.job.id");
        given().delete("/api/job/" + jobId).then().statusCode(200);
    }

    @Test
    void concurrentPublishesOfOneNewJobMakeOneJobWithEveryVersion() throws Exception {
        String name = unique("race");
        List<CompletableFuture<Integer>> publishes = new ArrayList<>();
        try (ExecutorService publishers = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                String version = "1.0." + i;
                publishes.add(CompletableFuture.supplyAsync(() -> publish(job(name, version).zip()).extract()
                        .statusCode(), publishers));
            }
            for (CompletableFuture<Integer> status : publishes) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        List<String> ids = given().get("/api/job/").then().statusCode(200).extract()
                .<List<String>>path("data.findAll { it.jobName == '" + name + "' }.id");
        assertThat(ids).hasSize(1);
        given().get("/api/job/" + ids.getFirst() + "/versions").then().statusCode(200).body("data", hasSize(8));
        given().delete("/api/job/" + ids.getFirst()).then().statusCode(200);
    }

    @Test
    void concurrentPublishesOfTheSameVersionStoreItOnce() throws Exception {
        String name = unique("same");
        byte[] archive = job(name, "1.0.0").zip();
        StoredState before = stored();
        List<CompletableFuture<Integer>> publishes = new ArrayList<>();
        try (ExecutorService publishers = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                publishes.add(CompletableFuture.supplyAsync(() -> publish(archive).extract().statusCode(),
                        publishers));
            }
            for (CompletableFuture<Integer> status : publishes) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        StoredState after = stored();
        assertThat(after.rows().get("job")).isEqualTo(before.rows().get("job") + 1);
        assertThat(after.rows().get("job_version")).isEqualTo(before.rows().get("job_version") + 1);
        assertThat(after.archives()).hasSize(before.archives().size() + 1);
        String jobId = publish(archive).statusCode(200).extract().path("data.job.id");
        given().delete("/api/job/" + jobId).then().statusCode(200);
    }
}
