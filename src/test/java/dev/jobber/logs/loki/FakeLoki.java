package dev.jobber.logs.loki;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Loki stand-in on a free port: {@code POST /loki/api/v1/push} checks the JSON push format strictly and keeps the
 * entries; {@code GET /loki/api/v1/query_range} answers the selector (job, source), line filter and label filters
 * (request id, stream) the driver sends, in Loki's answer format (structured metadata merged into the stream labels, as Loki does by default).
 */
final class FakeLoki implements AutoCloseable {

    private static final Pattern QUERY = Pattern.compile(
            "\\{jobberJobId=\"([^\"]+)\"(?:, jobberSource=\"(runner|system)\")?}(?: \\|~ \"((?:[^\"\\\\]|\\\\.)*)\")?"
            + "(?: \\| jobberRequestId=\"([^\"]+)\")?(?: \\| jobberStream=\"(stdout|stderr)\")?");
    private static final Set<String> LABELS = Set.of("jobberJobId", "jobberActionId", "jobberSource");
    private static final Set<String> METADATA = Set.of("jobberVersionId", "jobberRunnerId", "jobberStream",
            "jobberRequestId");

    record Entry(long nanos, Map<String, String> labels, String line) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();
    final List<String> formatErrors = new CopyOnWriteArrayList<>();
    final List<JsonObject> pushes = new CopyOnWriteArrayList<>();
    final AtomicInteger failNextPushes = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<HttpServerRequest> held = new ArrayList<>();
    private boolean holding;

    FakeLoki() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String pushUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/loki/api/v1/push";
    }

    String queryUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/loki/api/v1/query_range";
    }

    /** Pushes wait unanswered until the returned handle is closed. */
    synchronized AutoCloseable hold() {
        holding = true;
        return () -> {
            List<HttpServerRequest> waiting;
            synchronized (this) {
                holding = false;
                waiting = new ArrayList<>(held);
                held.clear();
            }
            waiting.forEach(r -> vertx.runOnContext(v -> push(r)));
        };
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("POST") && request.path().equals("/loki/api/v1/push")) {
            request.pause();
            synchronized (this) {
                if (holding) {
                    held.add(request);
                    return;
                }
            }
            push(request);
        } else if (request.method().name().equals("GET") && request.path().equals("/loki/api/v1/query_range")) {
            query(request);
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void push(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            if (failNextPushes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                request.response().setStatusCode(500).end("failing on purpose");
                return;
            }
            String problem = check(request.getHeader("Content-Type"), body.toString());
            if (problem != null) {
                formatErrors.add(problem);
                request.response().setStatusCode(400).end(problem);
                return;
            }
            JsonObject push = body.toJsonObject();
            pushes.add(push);
            for (Object s : push.getJsonArray("streams")) {
                JsonObject stream = (JsonObject) s;
                for (Object v : stream.getJsonArray("values")) {
                    JsonArray value = (JsonArray) v;
                    Map<String, String> labels = new LinkedHashMap<>();
                    stream.getJsonObject("stream").forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
                    if (value.size() == 3) {
                        value.getJsonObject(2).forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
                    }
                    entries.add(new Entry(Long.parseLong(value.getString(0)), labels, value.getString(1)));
                }
            }
            request.response().setStatusCode(204).end();
        });
        request.resume();
    }

    /** The Loki push format: {"streams":[{"stream":{label:string},"values":[["<ns>","line",{meta}?]]}]}. */
    private static String check(String contentType, String text) {
        if (contentType == null || !contentType.startsWith("application/json")) {
            return "content type " + contentType;
        }
        JsonObject body;
        try {
            body = new JsonObject(text);
        } catch (RuntimeException e) {
            return "not a JSON object";
        }
        if (!body.fieldNames().equals(Set.of("streams")) || !(body.getValue("streams") instanceof JsonArray streams)
                || streams.isEmpty()) {
            return "expected {streams: [...]}";
        }
        for (Object s : streams) {
            if (!(s instanceof JsonObject stream) || !stream.fieldNames().equals(Set.of("stream", "values"))) {
                return "stream must have exactly stream and values";
            }
            JsonObject labels = stream.getJsonObject("stream");
            if (!LABELS.containsAll(labels.fieldNames()) || !labels.containsKey("jobberJobId")
                    || !labels.containsKey("jobberSource")) {
                return "labels " + labels.fieldNames();
            }
            for (var label : labels) {
                if (!(label.getValue() instanceof String)) {
                    return "label value not a string: " + label.getKey();
                }
            }
            if (!Set.of("runner", "system").contains(labels.getString("jobberSource"))) {
                return "jobberSource " + labels.getString("jobberSource");
            }
            for (Object v : stream.getJsonArray("values")) {
                if (!(v instanceof JsonArray value) || value.size() < 2 || value.size() > 3
                        || !(value.getValue(0) instanceof String ts) || !ts.matches("[0-9]{19}")
                        || !(value.getValue(1) instanceof String)) {
                    return "value must be [\"<19-digit ns>\", \"line\", {metadata}?]: " + v;
                }
                if (value.size() == 3) {
                    if (!(value.getValue(2) instanceof JsonObject metadata)
                            || !METADATA.containsAll(metadata.fieldNames())) {
                        return "structured metadata " + value.getValue(2);
                    }
                    for (var field : metadata) {
                        if (!(field.getValue() instanceof String)) {
                            return "metadata value not a string: " + field.getKey();
                        }
                    }
                }
            }
        }
        return null;
    }

    private void query(HttpServerRequest request) {
        Matcher matcher = QUERY.matcher(request.getParam("query", ""));
        if (!matcher.matches() || !"backward".equals(request.getParam("direction"))) {
            formatErrors.add("query " + request.getParam("query") + " direction " + request.getParam("direction"));
            request.response().setStatusCode(400).end("unsupported query");
            return;
        }
        String jobId = matcher.group(1);
        String source = matcher.group(2);
        Pattern filter = matcher.group(3) == null ? null
                : Pattern.compile(matcher.group(3).replaceAll("\\\\(.)", "$1"));
        String requestId = matcher.group(4);
        String stream = matcher.group(5);
        long start = Long.parseLong(request.getParam("start"));
        long end = Long.parseLong(request.getParam("end"));
        int limit = Integer.parseInt(request.getParam("limit"));
        List<Entry> found = entries.stream()
                .filter(e -> jobId.equals(e.labels().get("jobberJobId")))
                .filter(e -> e.nanos() >= start && e.nanos() < end)
                .filter(e -> filter == null || filter.matcher(e.line()).find())
                .filter(e -> source == null || source.equals(e.labels().get("jobberSource")))
                .filter(e -> requestId == null || requestId.equals(e.labels().get("jobberRequestId")))
                .filter(e -> stream == null || stream.equals(e.labels().get("jobberStream")))
                .sorted(Comparator.comparingLong(Entry::nanos).reversed())
                .limit(limit).toList();
        Map<Map<String, String>, JsonArray> streams = new LinkedHashMap<>();
        for (Entry e : found) {
            streams.computeIfAbsent(e.labels(), k -> new JsonArray())
                    .add(new JsonArray().add(Long.toString(e.nanos())).add(e.line()));
        }
        JsonArray result = new JsonArray();
        streams.forEach((labels, values) -> result.add(new JsonObject().put("stream", new JsonObject(
                new LinkedHashMap<>(labels))).put("values", values)));
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("status", "success").put("data", new JsonObject().put("resultType", "streams")
                        .put("result", result)).encode());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
