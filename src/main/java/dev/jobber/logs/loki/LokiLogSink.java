package dev.jobber.logs.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.logs.BatchingLogSink;
import dev.jobber.logs.LogEntry;
import dev.jobber.logs.LogFilter;
import dev.jobber.logs.LogLine;
import dev.jobber.logs.LogQuery;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code LOG_DRIVER=loki}: pushes batches as JSON to {@code LOG_DRIVER_LOKI_PUSH}, one stream per (job, action,
 * source) with the original's labels {@code jobberJobId}, {@code jobberActionId}, {@code jobberSource}; version,
 * runner, stream and request id travel as structured metadata when enabled. Reads with {@code query_range} on
 * {@code LOG_DRIVER_LOKI_QUERY}. A line's {@code sort} is its nanosecond timestamp, made unique and increasing by this
 * instance, so it is also the cursor.
 */
public class LokiLogSink extends BatchingLogSink {

    static final String JOB = "jobberJobId";
    static final String ACTION = "jobberActionId";
    static final String SOURCE = "jobberSource";
    static final String VERSION = "jobberVersionId";
    static final String RUNNER = "jobberRunnerId";
    static final String STREAM = "jobberStream";
    static final String REQUEST = "jobberRequestId";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI push;
    private final URI queryRange;
    private final Duration lookBack;
    private final boolean structuredMetadata;
    private long lastNanos;

    public LokiLogSink(URI push, URI queryRange, Duration lookBack, boolean structuredMetadata, int capacity,
            int jobShare, int batchSize) {
        super("loki", capacity, jobShare, batchSize);
        this.push = push;
        this.queryRange = queryRange;
        this.lookBack = lookBack;
        this.structuredMetadata = structuredMetadata;
        start();
    }

    /** Nanoseconds since the epoch of {@code created}, above every earlier one this instance sent. */
    private long timestamp(Instant created) {
        long nanos = created.getEpochSecond() * 1_000_000_000L + created.getNano();
        lastNanos = Math.max(nanos, lastNanos + 1);
        return lastNanos;
    }

    @Override
    protected void write(List<LogLine> batch) throws IOException, InterruptedException {
        Map<List<String>, ArrayNode> streams = new LinkedHashMap<>();
        ObjectNode body = json.createObjectNode();
        ArrayNode streamList = body.putArray("streams");
        for (LogLine line : batch) {
            List<String> key = List.of(line.jobId().toString(), text(line.actionId()), line.source().label());
            ArrayNode values = streams.computeIfAbsent(key, k -> {
                ObjectNode stream = streamList.addObject();
                ObjectNode labels = stream.putObject("stream");
                labels.put(JOB, k.get(0));
                if (!k.get(1).isEmpty()) {
                    labels.put(ACTION, k.get(1));
                }
                labels.put(SOURCE, k.get(2));
                return stream.putArray("values");
            });
            ArrayNode value = values.addArray().add(Long.toString(timestamp(line.created()))).add(line.message());
            if (structuredMetadata) {
                ObjectNode metadata = value.addObject();
                putIfPresent(metadata, VERSION, line.versionId());
                putIfPresent(metadata, RUNNER, line.runnerId());
                metadata.put(STREAM, line.stream().label());
                putIfPresent(metadata, REQUEST, line.requestId());
            }
        }
        HttpRequest request = HttpRequest.newBuilder(push).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Loki answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    @Override
    public List<LogEntry> query(LogQuery query) {
        Instant now = Instant.now();
        Instant end = query.until().orElse(now.plusSeconds(1));
        if (query.before().isPresent()) {
            Instant before = Instant.ofEpochSecond(0, query.before().get());
            end = before.isBefore(end) ? before : end;
        }
        Instant start = query.from().orElse(end.minus(lookBack));
        LogFilter filter = query.filter();
        StringBuilder logql = new StringBuilder("{" + JOB + "=\"" + query.jobId() + "\"");
        filter.source().ifPresent(source -> logql.append(", ").append(SOURCE).append("=\"").append(source.label())
                .append('"'));
        logql.append('}');
        filter.text().ifPresent(text -> logql.append(" |~ ").append(quote("(?i)" + regexLiteral(text))));
        if (structuredMetadata) {
            filter.requestId().ifPresent(id -> logql.append(" | ").append(REQUEST).append("=\"").append(id)
                    .append('"'));
            filter.stream().ifPresent(stream -> logql.append(" | ").append(STREAM).append("=\"")
                    .append(stream.label()).append('"'));
        }
        String url = queryRange + (queryRange.getRawQuery() == null ? "?" : "&")
                + "query=" + encode(logql.toString()) + "&direction=backward&limit=" + query.limit()
                + "&start=" + nanos(start) + "&end=" + nanos(end);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LogReadException("Loki answered " + response.statusCode() + ": "
                        + abbreviate(response.body()), null);
            }
            return entries(json.readTree(response.body()), query);
        } catch (IOException e) {
            throw new LogReadException("Could not read the logs from Loki: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogReadException("Interrupted while reading the logs from Loki", e);
        }
    }

    private List<LogEntry> entries(JsonNode answer, LogQuery query) {
        List<LogEntry> entries = new ArrayList<>();
        for (JsonNode result : answer.path("data").path("result")) {
            JsonNode labels = result.path("stream");
            for (JsonNode value : result.path("values")) {
                long sort = Long.parseLong(value.path(0).asText());
                // Loki merges structured metadata into the stream labels unless categorized labels are asked for.
                JsonNode metadata = value.path(2).path("structuredMetadata").isObject()
                        ? value.path(2).path("structuredMetadata") : labels;
                LogLine line = new LogLine(Instant.ofEpochSecond(0, sort), uuid(labels.path(JOB)),
                        uuid(labels.path(ACTION)), uuid(metadata.path(VERSION)), uuid(metadata.path(RUNNER)),
                        LogLine.Source.of(labels.path(SOURCE).asText("runner")),
                        LogLine.Stream.of(metadata.path(STREAM).asText("stdout")), uuid(metadata.path(REQUEST)),
                        value.path(1).asText());
                if (line.jobId() != null && query.matches(line)
                        && query.before().map(before -> sort < before).orElse(true)) {
                    entries.add(new LogEntry(sort, line));
                }
            }
        }
        entries.sort(Comparator.comparingLong(LogEntry::sort).reversed());
        return entries.size() > query.limit() ? entries.subList(0, query.limit()) : entries;
    }

    private static String regexLiteral(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String nanos(Instant instant) {
        return Long.toString(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static UUID uuid(JsonNode node) {
        try {
            return node.isTextual() ? UUID.fromString(node.asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }

    private static void putIfPresent(ObjectNode node, String field, UUID value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
