package dev.jobber;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import dev.jobber.database.backup.RestoreCommand;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Starts Jobber. With {@code DATABASE_URL} it connects there; without, it runs an embedded PostgreSQL under
 * {@code JOBBER_DATA_DIR}/postgres and stops it after the application has stopped. {@code restore <backup.zip>}
 * restores a database backup instead ({@link RestoreCommand}).
 */
@QuarkusMain
public final class JobberMain {

    private static final Logger LOG = Logger.getLogger(JobberMain.class);
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("config property ([A-Za-z0-9.\\-]+)");

    private JobberMain() {
    }

    public static void main(String... args) {
        String databaseUrl = System.getenv("DATABASE_URL");
        if (args.length > 0 && args[0].equals("restore")) {
            System.exit(RestoreCommand.run(List.of(args).subList(1, args.length),
                    databaseUrl == null || databaseUrl.isBlank() ? null : databaseUrl,
                    Path.of(firstNonBlank(System.getenv("JOBBER_DATA_DIR"), "./data")).toAbsolutePath().normalize()));
        }
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
        // On SIGTERM the JVM exits once its shutdown hooks finish, whatever the main thread is doing: this hook stops
        // PostgreSQL after Quarkus has stopped (or after a start interrupted half-way), so the database neither
        // outlives Jobber nor stops under it.
        AtomicReference<EmbeddedDatabase> database = new AtomicReference<>();
        CountDownLatch mainDone = new CountDownLatch(1);
        Thread stopDatabase = new Thread(() -> {
            try {
                mainDone.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(database.get());
        }, "jobber-database-shutdown");
        Runtime.getRuntime().addShutdownHook(stopDatabase);
        int[] exitCode = {0};
        try {
            database.set(EmbeddedDatabase.start(dataDir.resolve("postgres"), jobberPorts()));
            LOG.infof("Embedded PostgreSQL on 127.0.0.1:%d, data in %s", database.get().port(),
                    dataDir.resolve("postgres"));
            use(database.get().url());
            Quarkus.run(null, (code, failure) -> {
                exitCode[0] = code;
                if (failure != null && !ApplicationLifecycleManager.isVmShuttingDown()) {
                    System.err.println("Jobber stopped: " + describe(failure));
                }
            }, args);
        } catch (RuntimeException e) {
            System.err.println("Could not start the embedded PostgreSQL under " + dataDir + ": " + e.getMessage());
            exitCode[0] = 1;
        } finally {
            mainDone.countDown();
        }
        if (ApplicationLifecycleManager.isVmShuttingDown()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopDatabase);
        } catch (IllegalStateException shutdownAlreadyStarted) {
            return;
        }
        closeQuietly(database.get());
        if (exitCode[0] != 0) {
            System.exit(exitCode[0]);
        }
    }

    /**
     * The ports Jobber's own listeners are configured on (admin API, gateway, manager socket), read as configuration
     * would read them, so the embedded database does not take one of them first.
     */
    static Set<Integer> jobberPorts() {
        Set<Integer> ports = new HashSet<>();
        String[][] settings = {{"quarkus.http.port", "3000"}, {"gateway.port", "3001"}, {"manager.port", "5211"}};
        for (String[] setting : settings) {
            String value = System.getProperty(setting[0],
                    firstNonBlank(System.getenv(toEnvironmentName(setting[0])), setting[1]));
            try {
                ports.add(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                // refused later, naming the variable
            }
        }
        return ports;
    }

    private static void closeQuietly(EmbeddedDatabase database) {
        if (database != null) {
            try {
                database.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop the embedded PostgreSQL: " + e.getMessage());
            }
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
        String message = cause == failure ? String.valueOf(failure) : failure + "\n  caused by: " + cause;
        return CONFIG_PROPERTY.matcher(message).replaceAll(match -> Matcher.quoteReplacement(
                match.group() + " (environment variable " + toEnvironmentName(match.group(1)) + ")"));
    }

    /** The environment variable SmallRye Config reads for a property, e.g. manager.port → MANAGER_PORT. */
    static String toEnvironmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
