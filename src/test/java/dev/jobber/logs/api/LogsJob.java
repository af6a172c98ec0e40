package dev.jobber.logs.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.Functions;
import io.restassured.response.Response;

/** A job of the logs test function ({@code functions/logs.js}) on {@code ^/logs/} of its own host, one runner. */
record LogsJob(String name, String jobId) {

    /** Publishes it with one asynchronous runner and waits until it answers (its first line is "warm"). */
    static LogsJob start(GatewayServer gateway, String prefix, int runnerTimeout) {
        String name = unique(prefix);
        String jobId = publish(job(name, "1.0.0").file("index.js", Functions.source("logs.js")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/logs/").put("hostname",
                    name + ".test");
            m.with("action").put("runnerMinCount", 1).put("runnerMaxCount", 1).put("runnerAsynchronous", true)
                    .put("runnerTimeout", runnerTimeout);
        }).zip()).statusCode(200).extract().path("data.job.id");
        call(gateway, name, "/logs/print?text=warm").then().statusCode(200);
        return new LogsJob(name, jobId);
    }

    /** Calls {@code path} of the job {@code name} through the gateway. */
    static Response call(GatewayServer gateway, String name, String path) {
        return given().header("Host", name + ".test").get("http://127.0.0.1:" + gateway.port() + path);
    }
}
