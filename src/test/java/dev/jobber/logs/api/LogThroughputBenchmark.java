package dev.jobber.logs.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.logs.LogLine;
import dev.jobber.logs.LogSink;
import dev.jobber.logs.postgres.PostgresLogSink;
import dev.jobber.testing.Sql;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in measurement for docs/benchmarks.md ({@code -Dbench.logs=true -Dtest=LogThroughputBenchmark}): how many lines
 * per second one runner's output reaches PostgreSQL at (and how many were dropped), and what the database sink
 * writes on its own.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
@EnabledIfSystemProperty(named = "bench.logs", matches = "true")
class LogThroughputBenchmark {

    private static final int LINES = 200_000;

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Inject
    LogSink sink;

    @Test
    void measuresLinesPerSecondFromOneRunnerToPostgres() {
        String name = unique("burst");
        String jobId = publish(job(name, "1.0.0").file("index.js", Functions.source("logs.js")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/logs/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
        String url = "http://127.0.0.1:" + gateway.port();
        given().header("Host", name + ".test").get(url + "/logs/burst?n=1000").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jobId) >= 1000);

        for (int run = 1; run <= 3; run++) {
            long droppedBefore = sink.dropped();
            long before = count(jobId);
            long start = System.nanoTime();
            given().header("Host", name + ".test").get(url + "/logs/burst?n=" + LINES).then().statusCode(200);
            long printed = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count(jobId) - before + (sink.dropped() - droppedBefore) >= LINES);
            long stored = count(jobId) - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("run %d: %d lines printed in %.2f s, %d stored in %.2f s = %.0f lines/s, %d dropped%n",
                    run, LINES, (printed - start) / 1e9, stored, seconds, stored / seconds,
                    sink.dropped() - droppedBefore);
        }
    }

    @Test
    void measuresLinesPerSecondTheDatabaseSinkWritesAlone() {
        String jobId = publish(job(unique("sink"), "1.0.0").zip()).statusCode(200).extract().path("data.job.id");
        UUID id = UUID.fromString(jobId);
        for (int run = 1; run <= 3; run++) {
            try (PostgresLogSink alone = new PostgresLogSink(dataSource, LINES, LINES, 1000)) {
                long start = System.nanoTime();
                for (int i = 0; i < LINES; i++) {
                    alone.append(new LogLine(Instant.now(), id, id, id, id, LogLine.Source.RUNNER,
                            LogLine.Stream.STDOUT, null, "burst " + i + " " + "y".repeat(100)));
                }
                alone.flush(Duration.ofMinutes(2));
                System.out.printf("sink alone, run %d: %.0f lines/s%n", run,
                        LINES / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    private long count(String jobId) {
        return Sql.number(dataSource, "select count(*) from job_log where job_id = ? and message like 'burst %'",
                jobId);
    }
}
