package dev.jobber.database.backup;

import static dev.jobber.database.backup.DatabaseBackup.columnList;
import static dev.jobber.database.backup.DatabaseBackup.quote;

import dev.jobber.database.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Restores a backup written by {@link DatabaseBackup} into a database that holds no jobs: Flyway creates the schema
 * at the backup's version (Jobber migrates further when it starts), then, in one transaction, every table is emptied
 * and filled with {@code COPY … FROM STDIN}, with foreign keys dropped meanwhile and added back (checking every row)
 * and user triggers off, so derived tables such as the store usage are taken as backed up; sequences are set last.
 * Any failure leaves the tables as they were.
 */
public final class DatabaseRestore {

    /** Migrations Jobber applies, as its Quarkus configuration names them. */
    static final String MIGRATIONS = "classpath:db/migration";

    private DatabaseRestore() {
    }

    /** @throws RestoreException saying why the backup cannot be restored there */
    public static BackupManifest restore(Path backup, DatabaseUrl database) throws IOException, SQLException {
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            BackupManifest manifest = readManifest(zip, backup);
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                    database.password())) {
                migrate(connection, database, manifest.schemaVersion());
                connection.setAutoCommit(false);
                try {
                    fill(connection, zip, manifest);
                    connection.commit();
                } finally {
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                    }
                }
            }
            return manifest;
        }
    }

    static BackupManifest readManifest(ZipFile zip, Path backup) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
        if (entry == null) {
            throw new RestoreException(backup + " is not a Jobber backup: it has no " + BackupManifest.ENTRY);
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = DatabaseBackup.JSON.readValue(in, BackupManifest.class);
        }
        if (manifest.format() != BackupManifest.FORMAT) {
            throw new RestoreException(backup + " has backup format " + manifest.format() + "; this Jobber reads "
                    + BackupManifest.FORMAT);
        }
        if (manifest.schemaVersion() == null) {
            throw new RestoreException(backup + " names no schema version");
        }
        return manifest;
    }

    private static void migrate(Connection connection, DatabaseUrl database, String version) throws SQLException {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        String current = DatabaseBackup.schemaVersion(connection);
        if (current != null && MigrationVersion.fromVersion(current).isNewerThan(wanted)) {
            throw new RestoreException("The database is at schema version " + current + ", newer than the backup's "
                    + version + ": restore into an empty database");
        }
        FluentConfiguration configuration = Flyway.configure(DatabaseRestore.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(MIGRATIONS);
        MigrationVersion known = Arrays.stream(configuration.load().info().all()).map(MigrationInfo::getVersion)
                .filter(Objects::nonNull).max(MigrationVersion::compareTo).orElse(null);
        if (known == null || wanted.isNewerThan(known)) {
            throw new RestoreException("The backup has schema version " + version + ", this Jobber knows up to "
                    + (known == null ? "none" : known.getVersion()) + ": restore it with a newer Jobber");
        }
        Flyway flyway = configuration.target(wanted).load();
        flyway.migrate();
    }

    private static void fill(Connection connection, ZipFile zip, BackupManifest manifest)
            throws IOException, SQLException {
        refuseUnlessEmpty(connection);
        List<String> tables = manifest.tables().stream().map(BackupManifest.Table::name).toList();
        for (String table : tables) {
            if (!DatabaseBackup.tableExists(connection, table)) {
                throw new RestoreException("The backup holds table " + table + ", which schema version "
                        + manifest.schemaVersion() + " does not have");
            }
        }
        List<String[]> foreignKeys = foreignKeysOf(connection, tables);
        try (Statement statement = connection.createStatement()) {
            for (String[] key : foreignKeys) {
                statement.execute("alter table " + quote(key[0]) + " drop constraint " + quote(key[1]));
            }
            statement.execute("truncate " + String.join(", ", tables.stream().map(DatabaseBackup::quote).toList()));
            for (String table : tables) {
                statement.execute("alter table " + quote(table) + " disable trigger user");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (BackupManifest.Table table : manifest.tables()) {
                ZipEntry entry = zip.getEntry(table.entry());
                if (entry == null) {
                    throw new RestoreException("The backup is incomplete: " + table.entry() + " is missing");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    long rows = copy.copyIn("COPY " + quote(table.name()) + " (" + columnList(table.columns())
                            + ") FROM STDIN", in);
                    if (rows != table.rows()) {
                        throw new RestoreException("The backup is damaged: " + table.entry() + " holds " + rows
                                + " rows, its manifest says " + table.rows());
                    }
                }
            }
            for (String table : tables) {
                statement.execute("alter table " + quote(table) + " enable trigger user");
            }
            for (String[] key : foreignKeys) {
                statement.execute("alter table " + quote(key[0]) + " add constraint " + quote(key[1]) + " " + key[2]);
            }
        }
        for (BackupManifest.Sequence sequence : manifest.sequences()) {
            if (sequence.lastValue() != null) {
                try (PreparedStatement statement = connection.prepareStatement("select setval(?::regclass, ?)")) {
                    statement.setString(1, quote(sequence.name()));
                    statement.setLong(2, sequence.lastValue());
                    statement.execute();
                }
            }
        }
    }

    /** A database that has jobs is someone's data: a restore never replaces it. */
    private static void refuseUnlessEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select count(*) from job")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new RestoreException("The database already holds " + rs.getLong(1)
                        + " job(s): restore into an empty database");
            }
        }
    }

    /** Foreign keys of the restored tables: {table, constraint, definition}. */
    private static List<String[]> foreignKeysOf(Connection connection, List<String> tables) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("select c.relname, k.conname,"
                + " pg_get_constraintdef(k.oid) from pg_constraint k join pg_class c on c.oid = k.conrelid"
                + " where k.contype = 'f' and k.connamespace = (select oid from pg_namespace where nspname ="
                + " current_schema()) and c.relname = any (?) order by c.relname, k.conname")) {
            statement.setArray(1, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return keys;
    }

    /** The backup cannot be restored into this database; the message says why. */
    public static final class RestoreException extends RuntimeException {
        public RestoreException(String message) {
            super(message);
        }
    }
}
