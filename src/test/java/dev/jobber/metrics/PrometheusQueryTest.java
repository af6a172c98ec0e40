package dev.jobber.metrics;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-job metrics with {@code METRICS_PROMETHEUS_QUERY} set: the queries {@link FakePrometheus} gets, its answers. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
@TestProfile(PrometheusQueryTest.WithPrometheus.class)
class PrometheusQueryTest {

    static volatile FakePrometheus prometheus;

    public static final class WithPrometheus implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakePrometheusResource.class));
        }
    }

    public static final class FakePrometheusResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                prometheus = new FakePrometheus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("metrics.prometheus-query", prometheus.queryUrl(), "metrics.prometheus-job-name", "jobber",
                    "metrics.prometheus-query-step", "30");
        }

        @Override
        public void stop() {
            try {
                prometheus.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String publishJob() {
        return publish(job(unique("prom"), "1.0.0").manifest(m -> m.with("action").put("runnerMinCount", 0)).zip())
                .statusCode(200).extract().path("data.job.id");
    }

    @Test
    void asksPrometheusForTheJobVersionOverTheDurationAndLabelsItsSeries() {
        String jobId = publishJob();
        prometheus.queries.clear();

        given().get("/api/job/" + jobId + "/metrics/trigger_http_total/latest?duration=600").then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.label", equalTo(List.of("200 GET a.test", "500 POST a.test")))
                .body("data[0].values.timestamp", equalTo(List.of(1700000000)))
                .body("data[0].values.value", equalTo(List.of(3.0f)))
                .body("data[1].values.value", equalTo(List.of(1.5f)));

        assertThat(prometheus.queries).hasSize(1);
        FakePrometheus.Query query = prometheus.queries.getFirst();
        assertThat(query.query()).isEqualTo("increase(jobber_trigger_http_total{job=\"jobber\", job_id=\"" + jobId
                + "\", version=\"1.0.0\"}[60s])");
        assertThat(query.end() - query.start()).isEqualTo(600);
        assertThat(query.step()).isEqualTo("30s");
    }

    @Test
    void averagesDurationsOverTheTriggerTypesOfTheAskedVersion() {
        String jobId = publishJob();
        prometheus.queries.clear();

        given().get("/api/job/" + jobId + "/metrics/runner_request_duration/0.9.0").then().statusCode(200)
                .body("data", equalTo(List.of()));

        String selector = "{job=\"jobber\", job_id=\"" + jobId + "\", version=\"0.9.0\"}[60s]";
        FakePrometheus.Query query = prometheus.queries.getFirst();
        assertThat(query.query()).isEqualTo("sum by (job_name, version) (rate(jobber_runner_request_duration_sum"
                + selector + ")) / sum by (job_name, version) (rate(jobber_runner_request_duration_count"
                + selector + "))");
        assertThat(query.end() - query.start()).isEqualTo(900);
        // Then one query per quantile, over the buckets of every trigger type.
        assertThat(prometheus.queries).hasSize(4).extracting(FakePrometheus.Query::query).element(3)
                .isEqualTo("histogram_quantile(0.99, sum by (job_name, version, le) (rate("
                        + "jobber_runner_request_duration_bucket" + selector + ")))");
    }

    @Test
    void aPrometheusErrorAnswers502WithItsMessage() {
        String jobId = publishJob();

        given().get("/api/job/" + jobId + "/metrics/job_store/latest").then().statusCode(502)
                .body("success", equalTo(false)).body("message", containsString("boom"));
    }
}
