package dev.jobber.database.backup;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar quarkus-run.jar restore <backup.zip>}: restores a backup into the database Jobber would use
 * ({@code DATABASE_URL}, else the embedded one under {@code JOBBER_DATA_DIR}), which must hold no jobs, then exits.
 * Jobber must not be running on that database.
 */
public final class RestoreCommand {

    private RestoreCommand() {
    }

    /** Answers the process exit code. */
    public static int run(List<String> arguments, String databaseUrl, Path dataDir) {
        if (arguments.size() != 1) {
            System.err.println("Usage: java -jar quarkus-run.jar restore <backup.zip>");
            return 2;
        }
        Path backup = Path.of(arguments.getFirst()).toAbsolutePath();
        if (!Files.isRegularFile(backup)) {
            System.err.println("No such backup: " + backup);
            return 2;
        }
        try {
            if (databaseUrl != null) {
                return restore(backup, DatabaseUrl.parse(databaseUrl), dataDir);
            }
            try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"))) {
                return restore(backup, database.url(), dataDir);
            }
        } catch (DatabaseRestore.RestoreException | IllegalArgumentException e) {
            System.err.println("Restore failed: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("Restore failed: " + e);
            return 1;
        }
    }

    private static int restore(Path backup, DatabaseUrl database, Path dataDir) throws Exception {
        BackupManifest manifest = DatabaseRestore.restore(backup, database);
        long rows = manifest.tables().stream().mapToLong(BackupManifest.Table::rows).sum();
        System.out.printf("Restored %s (taken %s, schema version %s): %d tables, %d rows%n", backup,
                manifest.created(), manifest.schemaVersion(), manifest.tables().size(), rows);
        List<String> missing = missingArchives(database, dataDir.resolve("archives"));
        if (!missing.isEmpty()) {
            System.out.printf("Warning: %d job archive(s) are not in %s; copy them from the old data directory"
                    + " (versions without their archive cannot run): %s%n", missing.size(),
                    dataDir.resolve("archives"), String.join(", ", missing));
        }
        return 0;
    }

    /** The archives the restored versions need that the data directory lacks (archives/ab/abcd….zip). */
    private static List<String> missingArchives(DatabaseUrl database, Path archives) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select distinct archive_sha256 from job_version order by 1")) {
            while (rs.next()) {
                String sha256 = rs.getString(1);
                if (!Files.isRegularFile(archives.resolve(sha256.substring(0, 2)).resolve(sha256 + ".zip"))) {
                    missing.add(sha256);
                }
            }
        }
        return missing;
    }
}
