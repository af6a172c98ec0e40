package dev.jobber.database;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.logs.LogSink;
import dev.jobber.testing.Sql;
import dev.jobber.testing.Functions;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoreFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in measurement of what the embedded PostgreSQL's durability costs: publish latency, store call round trips and
 * log throughput, each measured with fsync, synchronous_commit and full_page_writes on (durable, the default) and off
 * (fast, how the embedded database ran before). One database server ({@link ReconfigurablePostgres}: the embedded
 * cluster without the command-line settings that {@code ALTER SYSTEM} could not override); the modes alternate,
 * after an untimed durable warm-up pass, so both see the same machine, and every pass starts after a checkpoint.
 * Run it alone, on a quiet machine:
 *
 * <pre>
 * nice -n 19 ./mvnw -B -o test -Dtest=DurabilityCostBenchmark -Dbench.durability=true
 * </pre>
 *
 * Smaller counts for a quick check: {@code -Dbench.durability.rounds=1 -Dbench.durability.publishes=5
 * -Dbench.durability.store-calls=100 -Dbench.durability.log-lines=5000} (defaults 3, 40, 2000, 200000; rounds are per
 * mode). Figures per pass and a min/median/max table per figure and mode go to standard output.
 */
@QuarkusTest
@TestProfile(DurabilityCostBenchmark.Reconfigurable.class)
@EnabledIfSystemProperty(named = "bench.durability", matches = "true")
class DurabilityCostBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.durability.rounds", 3);
    private static final int PUBLISHES = Integer.getInteger("bench.durability.publishes", 40);
    private static final int PUBLISH_WARM_UP = 5;
    private static final int STORE_CALLS = Integer.getInteger("bench.durability.store-calls", 2000);
    private static final int LOG_LINES = Integer.getInteger("bench.durability.log-lines", 200_000);
    private static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");
    /** Pooled connections held at once to check a switch; fewer than the pool, so Jobber's own work never waits. */
    private static final int POOLED_CHECKS = 4;

    /** The usual test instance, on a {@link ReconfigurablePostgres} instead of the embedded database's server. */
    public static final class Reconfigurable implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OnReconfigurablePostgres.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static final class OnReconfigurablePostgres extends JobberTestResource {

        @Override
        protected Database startDatabase(Path directory) {
            ReconfigurablePostgres server = ReconfigurablePostgres.start(directory);
            return new Database(server.url(), server::close);
        }
    }

    private enum Mode {
        DURABLE("on"), FAST("off");

        final String setting;

        Mode(String setting) {
            this.setting = setting;
        }
    }

    @Inject
    GatewayServer gateway;

    @Inject
    DataSource dataSource;

    @Inject
    LogSink sink;

    private final String publishedName = unique("durability");
    private int publishedVersions;

    @Test
    void measuresPublishStoreAndLogFiguresDurableAndFast() throws Exception {
        describeDatabase();
        StoreFunction store = StoreFunction.publish("durability-store", false, gateway.port());
        Map<String, Map<Mode, List<Double>>> figures = new LinkedHashMap<>();
        try {
            switchTo(Mode.DURABLE);
            System.out.println("warm-up (durable, not counted): " + measure(store));
            for (int round = 1; round <= ROUNDS; round++) {
                for (Mode mode : Mode.values()) {
                    switchTo(mode);
                    Map<String, Double> measured = measure(store);
                    System.out.printf("round %d %-7s %s%n", round, mode, measured);
                    measured.forEach((figure, value) -> figures.computeIfAbsent(figure, f -> new EnumMap<>(Mode.class))
                            .computeIfAbsent(mode, m -> new ArrayList<>()).add(value));
                }
            }
        } finally {
            switchTo(Mode.DURABLE);
        }
        printTable(figures);
    }

    private Map<String, Double> measure(StoreFunction store) {
        Map<String, Double> figures = new LinkedHashMap<>();
        double[] publishes = publishLatencies();
        figures.put("publish p50 (ms)", percentile(publishes, 0.50));
        figures.put("publish p95 (ms)", percentile(publishes, 0.95));
        figures.put("publish max (ms)", publishes[publishes.length - 1]);

        // The same ten keys every time: a job holds at most 50 (JOBBER_STORE_MAX_KEYS).
        store.call("bench", Map.of("key", "bench", "n", Math.min(STORE_CALLS, 200)), null);
        long start = System.nanoTime();
        JsonPath calls = store.call("bench", Map.of("key", "bench", "n", STORE_CALLS), null);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(calls.getObject("result.mismatches", Integer.class)).as(calls.prettify()).isZero();
        figures.put("setStore p50 (ms)", calls.getDouble("result.set.p50"));
        figures.put("setStore mean (ms)", calls.getDouble("result.set.mean"));
        figures.put("getStore p50 (ms)", calls.getDouble("result.get.p50"));
        figures.put("getStore mean (ms)", calls.getDouble("result.get.mean"));
        figures.put("store calls/s", 2 * STORE_CALLS / seconds);

        double[] logs = logThroughput();
        figures.put("logs stored after (s)", logs[0]);
        figures.put("logs stored lines/s", (LOG_LINES - logs[1]) / logs[0]);
        figures.put("logs dropped", logs[1]);
        return figures;
    }

    /** Sorted latencies (ms) of sequential publishes of new versions of one small job, after a few untimed ones. */
    private double[] publishLatencies() {
        double[] latencies = new double[PUBLISHES];
        for (int i = -PUBLISH_WARM_UP; i < PUBLISHES; i++) {
            byte[] zip = job(publishedName, "1.0." + publishedVersions++).zip();
            long start = System.nanoTime();
            publish(zip).statusCode(200);
            if (i >= 0) {
                latencies[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /**
     * One runner of a fresh job prints {@code LOG_LINES} lines without pause; answers the seconds from the request
     * until every line is stored (or reported dropped), and the number dropped.
     */
    private double[] logThroughput() {
        String name = unique("durability-logs");
        String jobId = publish(job(name, "1.0.0").file("index.js", Functions.source("logs.js")).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/logs/").put("hostname",
                    name + ".test");
        }).zip()).statusCode(200).extract().path("data.job.id");
        String url = "http://127.0.0.1:" + gateway.port() + "/logs/burst?n=";
        given().header("Host", name + ".test").get(url + 1000).then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> storedLines(jobId) >= 1000);

        long before = storedLines(jobId);
        long droppedBefore = sink.dropped();
        long start = System.nanoTime();
        given().header("Host", name + ".test").get(url + LOG_LINES).then().statusCode(200);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> storedLines(jobId) - before + sink.dropped() - droppedBefore >= LOG_LINES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {seconds, sink.dropped() - droppedBefore};
    }

    private long storedLines(String jobId) {
        return Sql.number(dataSource, "select count(*) from job_log where job_id = ?", jobId);
    }

    /**
     * Sets the three settings for the whole server, waits until every pooled connection reports them, and starts
     * from a checkpoint: the previous pass's dirty pages are written before the timing starts and, with
     * full_page_writes on, each page's first change after it costs a full page image in both modes alike.
     */
    private void switchTo(Mode mode) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String setting : SETTINGS) {
                statement.execute("alter system set " + setting + " = " + mode.setting);
            }
            statement.execute("select pg_reload_conf()");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> inEffect(mode));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
        }
    }

    /**
     * Whether {@code SHOW} answers the mode's values on a new server process and on several pooled ones at once. A
     * new process proves the server reloaded its configuration; it has then signalled every existing process, which
     * applies the new values before its next command.
     */
    private boolean inEffect(Mode mode) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            connections.add(DriverManager.getConnection(config("jdbc.url"), config("username"), config("password")));
            for (int i = 0; i < POOLED_CHECKS; i++) {
                connections.add(dataSource.getConnection());
            }
            for (Connection connection : connections) {
                for (String setting : SETTINGS) {
                    if (!mode.setting.equals(show(connection, setting))) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static String config(String property) {
        return ConfigProvider.getConfig().getValue("quarkus.datasource." + property, String.class);
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Where the data lives decides what fsync costs, so the output says it. */
    private void describeDatabase() throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            Path data = Path.of(show(connection, "data_directory"));
            FileStore store = Files.getFileStore(data);
            System.out.printf("PostgreSQL %s, data in %s on %s (%s); %d rounds per mode, %d publishes, %d store calls"
                            + " of each kind, %d log lines%n", show(connection, "server_version"), data, store.name(),
                    store.type(), ROUNDS, PUBLISHES, STORE_CALLS, LOG_LINES);
        }
    }

    private static void printTable(Map<String, Map<Mode, List<Double>>> figures) {
        System.out.printf("%n%-22s | %-26s | %-26s | %s%n", "figure", "durable min / median / max",
                "fast min / median / max", "durable/fast (medians)");
        for (var entry : figures.entrySet()) {
            double[] durable = sorted(entry.getValue().get(Mode.DURABLE));
            double[] fast = sorted(entry.getValue().get(Mode.FAST));
            double ratio = percentile(durable, 0.5) / percentile(fast, 0.5);
            System.out.printf("%-22s | %-26s | %-26s | %s%n", entry.getKey(), range(durable), range(fast),
                    Double.isFinite(ratio) ? String.format("%.2f", ratio) : "-");
        }
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static String range(double[] sorted) {
        return String.format("%s / %s / %s", format(sorted[0]), format(percentile(sorted, 0.5)),
                format(sorted[sorted.length - 1]));
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }

    /** Nearest rank; the median of an even count is the mean of the middle two. */
    private static double percentile(double[] sorted, double quantile) {
        if (quantile == 0.5 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
