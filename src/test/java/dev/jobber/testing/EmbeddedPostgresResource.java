package dev.jobber.testing;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL for {@code @QuarkusTest}s, and a fresh data directory, both removed afterwards. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;
    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("jobber-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.start(root.resolve("postgres"));
        DatabaseUrl url = database.url();
        return Map.of(
                "quarkus.datasource.jdbc.url", url.jdbcUrl(),
                "quarkus.datasource.username", url.username(),
                "quarkus.datasource.password", url.password(),
                "jobber.data-dir", root.resolve("data").toString());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        TestFiles.deleteRecursively(root);
    }
}
