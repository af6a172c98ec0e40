package dev.jobber;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts Jobber. With {@code DATABASE_URL} it connects there; without, it runs an embedded PostgreSQL under
 * {@code JOBBER_DATA_DIR}/postgres and stops it after the application has stopped.
 */
@QuarkusMain
public final class JobberMain {

    private static final Logger LOG = Logger.getLogger(JobberMain.class);

    private JobberMain() {
    }

    public static void main(String... args) {
        String databaseUrl = System.getenv("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            DatabaseUrl url;
            try {
                url = DatabaseUrl.parse(databaseUrl);
            } catch (IllegalArgumentException e) {
                System.err.println("Invalid configuration: " + e.getMessage());
                System.exit(1);
                return;
            }
            use(url);
            Quarkus.run(args);
            return;
        }
        Path dataDir = Path.of(firstNonBlank(System.getenv("JOBBER_DATA_DIR"), "./data")).toAbsolutePath().normalize();
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
        } catch (RuntimeException e) {
            System.err.println("Could not start the embedded PostgreSQL under " + dataDir + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        LOG.infof("Embedded PostgreSQL on 127.0.0.1:%d, data in %s", database.port(), dataDir.resolve("postgres"));
        use(database.url());
        int[] exitCode = {0};
        try {
            Quarkus.run(null, (code, failure) -> {
                exitCode[0] = code;
                if (failure != null) {
                    System.err.println("Jobber stopped: " + describe(failure));
                }
            }, args);
        } finally {
            database.close();
        }
        // On SIGTERM the JVM is already exiting; System.exit would then block forever.
        if (exitCode[0] != 0 && !ApplicationLifecycleManager.isVmShuttingDown()) {
            System.exit(exitCode[0]);
        }
    }

    private static void use(DatabaseUrl url) {
        System.setProperty("quarkus.datasource.jdbc.url", url.jdbcUrl());
        if (url.username() != null) {
            System.setProperty("quarkus.datasource.username", url.username());
        }
        if (url.password() != null) {
            System.setProperty("quarkus.datasource.password", url.password());
        }
    }

    /** The innermost message, which names the setting or resource at fault. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == failure ? String.valueOf(failure) : failure + "\n  caused by: " + cause;
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
