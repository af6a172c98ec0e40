package dev.jobber.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.Map;

/** A published store test function ({@code functions/store.js} or {@code store-gen2.js}) called through the gateway. */
public final class StoreFunction {

    public final String name;
    public final String jobId;
    private final int gatewayPort;

    private StoreFunction(String name, String jobId, int gatewayPort) {
        this.name = name;
        this.jobId = jobId;
        this.gatewayPort = gatewayPort;
    }

    /** Publishes the function under a fresh name; {@code secondGeneration} picks {@code store-gen2.js}. */
    public static StoreFunction publish(String prefix, boolean secondGeneration, int gatewayPort) {
        String name = AdminApi.unique(prefix);
        JobArchive archive = JobArchive.job(name, "1.0.0")
                .file("index.js", Functions.source(secondGeneration ? "store-gen2.js" : "store.js"))
                .manifest(m -> {
                    m.withArray("triggers").removeAll();
                    m.withArray("triggers").addObject().put("type", "http").put("path", "^/store/")
                            .put("hostname", name + ".test");
                });
        String jobId = AdminApi.publish(archive.zip()).statusCode(200).extract().path("data.job.id");
        return new StoreFunction(name, jobId, gatewayPort);
    }

    /** Runs {@code op} with these query parameters and body; answers the function's JSON. */
    public JsonPath call(String op, Map<String, ?> query, String body) {
        return given().header("Host", name + ".test").contentType("text/plain; charset=UTF-8").queryParams(query)
                .body(body == null ? "" : body)
                .post("http://127.0.0.1:" + gatewayPort + "/store/" + op).then().extract().jsonPath();
    }

    public JsonPath call(String op, String key) {
        return call(op, Map.of("key", key), null);
    }
}
