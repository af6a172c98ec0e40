package dev.jobber.metrics.query;

import dev.jobber.config.MetricsConfig;
import dev.jobber.metrics.JobMetric;
import dev.jobber.metrics.MetricsHistory.Point;
import dev.jobber.metrics.MetricsHistory.Series;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Asks the Prometheus configured in {@code METRICS_PROMETHEUS_QUERY} (a {@code query_range} URL) for a job version's
 * metric, with the queries of the original Jobber, restricted to the scrape job {@code METRICS_PROMETHEUS_JOB_NAME}
 * when set.
 */
@ApplicationScoped
public class PrometheusClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MetricsConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PrometheusClient(MetricsConfig config) {
        this.config = config;
    }

    public boolean configured() {
        return config.prometheusQuery().isPresent();
    }

    /**
     * The metric's series; a distribution's quantile series come from {@code histogram_quantile} over its buckets,
     * one query each.
     *
     * @throws PrometheusUnavailableException when Prometheus cannot be reached or answers with an error
     */
    public List<Series> query(String jobId, String version, JobMetric metric, long start, long end) {
        int step = config.prometheusQueryStep();
        List<Series> series = new ArrayList<>(fetch(promql(jobId, version, metric, step), start, end, step,
                metric::label));
        if (metric.kind() == JobMetric.Kind.DISTRIBUTION) {
            for (double q : JobMetric.QUANTILES) {
                series.addAll(fetch(quantilePromql(jobId, version, metric, step, q), start, end, step,
                        labels -> JobMetric.quantileLabel(metric.label(labels), q)));
            }
        }
        series.sort(Comparator.comparing(Series::label));
        return series;
    }

    private List<Series> fetch(String promql, long start, long end, int step,
            Function<Map<String, String>, String> label) {
        String base = config.prometheusQuery().orElseThrow().toString();
        String url = base + (base.contains("?") ? "&" : "?") + "query=" + encode(promql)
                + "&start=" + start + "&end=" + end + "&step=" + step + "s";
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusUnavailableException("Prometheus could not be queried: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusUnavailableException("Querying Prometheus was interrupted", e);
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            throw new PrometheusUnavailableException("Prometheus answered " + response.statusCode()
                    + " with a body that is not its JSON answer");
        }
        if (!"success".equals(body.getString("status"))) {
            throw new PrometheusUnavailableException("Prometheus refused the query: "
                    + body.getString("errorType", "error") + ": " + body.getString("error", "status "
                    + response.statusCode()));
        }
        return series(label, body.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray()));
    }

    /** The PromQL for a metric of one job version. */
    String promql(String jobId, String version, JobMetric metric, int step) {
        String selector = selector(jobId, version);
        String range = "[" + (2 * step) + "s]";
        String name = metric.prometheusName();
        return switch (metric.kind()) {
            case AVERAGE, DISTRIBUTION -> "sum by (job_name, version) (rate(" + name + "_sum" + selector + range + "))"
                    + " / sum by (job_name, version) (rate(" + name + "_count" + selector + range + "))";
            case GAUGE -> name + selector;
            case INCREASE -> "increase(" + name + selector + range + ")";
        };
    }

    /** The PromQL for a quantile of a distribution of one job version, over all its trigger types. */
    String quantilePromql(String jobId, String version, JobMetric metric, int step, double quantile) {
        return "histogram_quantile(" + quantile + ", sum by (job_name, version, le) (rate(" + metric.prometheusName()
                + "_bucket" + selector(jobId, version) + "[" + (2 * step) + "s])))";
    }

    private String selector(String jobId, String version) {
        StringBuilder selector = new StringBuilder("{");
        config.prometheusJobName().ifPresent(job -> selector.append("job=").append(quote(job)).append(", "));
        selector.append("job_id=").append(quote(jobId)).append(", version=").append(quote(version)).append("}");
        return selector.toString();
    }

    private static List<Series> series(Function<Map<String, String>, String> label, JsonArray result) {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            JsonObject item = result.getJsonObject(i);
            Map<String, String> labels = new HashMap<>();
            item.getJsonObject("metric", new JsonObject()).forEach(e -> labels.put(e.getKey(),
                    String.valueOf(e.getValue())));
            List<Point> points = new ArrayList<>();
            JsonArray values = item.getJsonArray("values", new JsonArray());
            for (int j = 0; j < values.size(); j++) {
                JsonArray pair = values.getJsonArray(j);
                double value = parse(String.valueOf(pair.getValue(1)));
                if (Double.isFinite(value)) {
                    points.add(new Point((long) Math.floor(((Number) pair.getValue(0)).doubleValue()), value));
                }
            }
            series.add(new Series(label.apply(labels), points));
        }
        return series;
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
