package dev.jobber.testing;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What every {@code @QuarkusTest} runs against: a real PostgreSQL, a fresh data directory, the local Docker engine
 * with the runner images built, an instance name of its own, and one orphan container labelled for that instance
 * (which Jobber must remove at startup). Everything is removed afterwards.
 */
public class JobberTestResource implements QuarkusTestResourceLifecycleManager {

    /** System property holding the id of the orphan container created before Jobber starts. */
    public static final String ORPHAN_CONTAINER = "jobbertest.orphan-container";

    private Database database;
    private Path root;
    private String instance;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("jobber-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = startDatabase(root.resolve("postgres"));
        instance = "jobber-test-" + UUID.randomUUID().toString().substring(0, 8);
        TestDocker.ensureRunnerImages();
        System.setProperty(ORPHAN_CONTAINER, TestDocker.createOrphan(instance));
        DatabaseUrl url = database.url();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", url.jdbcUrl());
        config.put("quarkus.datasource.username", url.username());
        config.put("quarkus.datasource.password", url.password());
        config.put("jobber.data-dir", root.resolve("data").toString());
        config.put("jobber.name", instance);
        config.put("startup.password", TestAdmin.PASSWORD);
        TestAdmin.installFilter();
        config.put("runner.image-node20-url", TestDocker.image(20));
        config.put("runner.image-node22-url", TestDocker.image(22));
        config.put("runner.image-node24-url", TestDocker.image(24));
        // The images above are the tests' own; tests that take one away expect its runners to fail, not a rebuild.
        config.put("runner.image-build", "none");
        return config;
    }

    @Override
    public void stop() {
        TestDocker.removeContainersOf(instance);
        if (database != null) {
            database.stop().run();
        }
        TestFiles.deleteRecursively(root);
    }

    /** The database Jobber runs on, started in {@code directory}; the embedded PostgreSQL unless overridden. */
    protected Database startDatabase(Path directory) {
        EmbeddedDatabase embedded = EmbeddedDatabase.start(directory);
        return new Database(embedded.url(), embedded::close);
    }

    /** A started database: where Jobber connects, and how to stop it once Jobber has stopped. */
    public record Database(DatabaseUrl url, Runnable stop) {
    }
}
