package dev.jobber.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus stand-in on a free port: {@code GET /api/v1/query_range} records each request's parameters and answers
 * a matrix for HTTP trigger queries (including a NaN point), an error for store queries, and no series otherwise.
 */
final class FakePrometheus implements AutoCloseable {

    record Query(String query, long start, long end, String step) {
    }

    final List<Query> queries = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    FakePrometheus() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String queryUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/api/v1/query_range";
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/api/v1/query_range") || request.getParam("query") == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        String query = request.getParam("query");
        queries.add(new Query(query, Long.parseLong(request.getParam("start")),
                Long.parseLong(request.getParam("end")), request.getParam("step")));
        JsonObject answer;
        if (query.contains("jobber_job_store")) {
            request.response().setStatusCode(400);
            answer = new JsonObject().put("status", "error").put("errorType", "bad_data").put("error", "boom");
        } else {
            JsonArray result = new JsonArray();
            if (query.contains("jobber_trigger_http_total")) {
                result.add(series("200", "GET", "a.test", new JsonArray().add(new JsonArray().add(1700000000.5)
                        .add("3")).add(new JsonArray().add(1700000030).add("NaN"))));
                result.add(series("500", "POST", "a.test", new JsonArray().add(new JsonArray().add(1700000030)
                        .add("1.5"))));
            }
            answer = new JsonObject().put("status", "success").put("data", new JsonObject()
                    .put("resultType", "matrix").put("result", result));
        }
        request.response().putHeader("Content-Type", "application/json").end(answer.encode());
    }

    private static JsonObject series(String status, String method, String host, JsonArray values) {
        return new JsonObject().put("metric", new JsonObject().put("status_code", status)
                .put("request_method", method).put("request_host", host).put("job", "jobber"))
                .put("values", values);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
