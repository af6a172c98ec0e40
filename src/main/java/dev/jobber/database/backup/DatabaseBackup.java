package dev.jobber.database.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a logical backup of the job database over JDBC, without {@code pg_dump}: every table of the current schema
 * except Flyway's history and Quartz's {@code qrtz_*} tables (rebuilt from the jobs at startup) is copied with
 * {@code COPY … TO STDOUT} into a zip archive, all from one snapshot ({@code REPEATABLE READ}), so the backup is
 * consistent while Jobber keeps writing.
 */
public final class DatabaseBackup {

    static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseBackup() {
    }

    /**
     * Writes the backup to {@code target}, through a {@code .partial} file renamed when complete, so a backup file
     * that exists is whole. Only the owner may read it (mode 0600 where the file system has modes).
     */
    public static BackupManifest write(Connection connection, Path target) throws IOException, SQLException {
        Path partial = target.resolveSibling(target.getFileName() + BackupFiles.PARTIAL);
        try {
            BackupManifest manifest;
            BackupFiles.createPrivateFile(partial);
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(partial),
                    1 << 16))) {
                manifest = write(connection, zip);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static BackupManifest write(Connection connection, ZipOutputStream zip) throws IOException, SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            String created = Instant.now().toString();
            String schemaVersion = schemaVersion(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            List<BackupManifest.Table> tables = new ArrayList<>();
            for (String table : tablesInDependencyOrder(connection)) {
                List<String> columns = columns(connection, table);
                BackupManifest.Table entry = new BackupManifest.Table(table, columns, 0);
                zip.putNextEntry(new ZipEntry(entry.entry()));
                long rows = copy.copyOut("COPY " + quote(table) + " (" + columnList(columns) + ") TO STDOUT",
                        new FilterOutputStream(zip) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                out.write(b, off, len);
                            }

                            @Override
                            public void close() {
                                // the zip stays open for the next entry
                            }
                        });
                zip.closeEntry();
                tables.add(new BackupManifest.Table(table, columns, rows));
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, created, schemaVersion, tables,
                    sequences(connection));
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            connection.commit();
            return manifest;
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The version of the last migration applied; null when Flyway has not run. */
    static String schemaVersion(Connection connection) throws SQLException {
        if (!tableExists(connection, "flyway_schema_history")) {
            return null;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select version from flyway_schema_history where success"
                        + " and version is not null order by installed_rank desc limit 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from pg_tables where schemaname = current_schema() and tablename = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Tables backed up, those referenced by foreign keys before the ones referencing them (cycles broken by name). */
    static List<String> tablesInDependencyOrder(Connection connection) throws SQLException {
        TreeSet<String> remaining = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select tablename from pg_tables where schemaname ="
                        + " current_schema() and tablename <> 'flyway_schema_history' and tablename not like 'qrtz\\_%'")) {
            while (rs.next()) {
                remaining.add(rs.getString(1));
            }
        }
        Map<String, TreeSet<String>> references = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select c.relname, r.relname from pg_constraint k"
                        + " join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid"
                        + " where k.contype = 'f'"
                        + " and k.connamespace = (select oid from pg_namespace where nspname = current_schema())")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(rs.getString(2))) {
                    references.computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        List<String> order = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(t -> references.getOrDefault(t, new TreeSet<>()).stream().noneMatch(remaining::contains))
                    .findFirst().orElse(remaining.first());
            remaining.remove(next);
            order.add(next);
        }
        return order;
    }

    /** Stored columns in table order (generated columns are computed again on restore). */
    static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("select a.attname from pg_attribute a"
                + " where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''"
                + " order by a.attnum")) {
            statement.setString(1, quote(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static List<BackupManifest.Sequence> sequences(Connection connection) throws SQLException {
        Map<String, Long> sequences = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select sequencename, last_value from pg_sequences"
                        + " where schemaname = current_schema() order by sequencename")) {
            while (rs.next()) {
                long value = rs.getLong(2);
                sequences.put(rs.getString(1), rs.wasNull() ? null : value);
            }
        }
        return sequences.entrySet().stream().map(e -> new BackupManifest.Sequence(e.getKey(), e.getValue())).toList();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(DatabaseBackup::quote).toList());
    }
}
