package dev.jobber.database.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore over JDBC against a real PostgreSQL: what goes in comes out, row for row. */
class DatabaseBackupTest {

    private static final String JOB = "11111111-1111-1111-1111-111111111111";
    private static final String VERSION = "22222222-2222-2222-2222-222222222222";

    @TempDir
    static Path temp;

    private static EmbeddedDatabase server;
    private static int databases;

    @BeforeAll
    static void startServer() {
        server = EmbeddedDatabase.start(temp.resolve("postgres"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void restoresEveryRowSequenceAndConstraintIntoAnEmptyDatabase() throws Exception {
        DatabaseUrl source = newDatabase();
        migrate(source);
        fill(source);
        Path backup = temp.resolve("full.zip");
        BackupManifest written;
        try (Connection connection = connect(source)) {
            written = DatabaseBackup.write(connection, backup);
        }
        assertThat(written.schemaVersion()).isNotNull();
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Connection connection = connect(source)) {
            assertThat(written.schemaVersion()).isEqualTo(DatabaseBackup.schemaVersion(connection));
        }
        assertThat(written.tables()).extracting(BackupManifest.Table::name)
                .doesNotContain("flyway_schema_history").noneMatch(name -> name.startsWith("qrtz_"));
        List<String> order = written.tables().stream().map(BackupManifest.Table::name).toList();
        assertThat(order.indexOf("job_version")).isLessThan(order.indexOf("job_action"));
        assertThat(order.indexOf("job")).isLessThan(order.indexOf("job_store"));
        assertThat(order).contains("audit_entry");

        DatabaseUrl target = newDatabase();
        DatabaseRestore.restore(backup, target);

        for (BackupManifest.Table table : written.tables()) {
            assertThat(rows(target, table.name())).as(table.name()).isEqualTo(rows(source, table.name()));
        }
        assertThat(rows(target, "job_environment")).anyMatch(row -> row.contains("tab\there\nline"));
        try (Connection connection = connect(target); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select nextval('job_log_sort_seq')")).isEqualTo("4");
            assertThat(single(statement, "select nextval('audit_entry_id_seq')")).isEqualTo("2");
            statement.execute("insert into job_store (id, job_id, key, value, created, modified) values"
                    + " (gen_random_uuid(), '" + JOB + "', 'more', '\\x0102', now(), now())");
            assertThat(single(statement, "select bytes from job_store_usage")).isEqualTo("8");
            assertThatThrownBy(() -> statement.execute("insert into job_trigger (id, job_id, job_version_id,"
                    + " position, kind, context, created) values (gen_random_uuid(), gen_random_uuid(), '" + VERSION
                    + "', 9, 'http', '{}', now())")).hasMessageContaining("foreign key");
        }
    }

    @Test
    void refusesADatabaseThatHasJobs() throws Exception {
        DatabaseUrl source = newDatabase();
        migrate(source);
        fill(source);
        Path backup = temp.resolve("refused.zip");
        try (Connection connection = connect(source)) {
            DatabaseBackup.write(connection, backup);
        }

        assertThatThrownBy(() -> DatabaseRestore.restore(backup, source))
                .isInstanceOf(DatabaseRestore.RestoreException.class)
                .hasMessageContaining("already holds 1 job(s)");
        assertThat(rows(source, "job_log")).hasSize(3);
    }

    @Test
    void refusesABackupOfANewerSchemaAndAFileThatIsNoBackup() throws Exception {
        Path newer = temp.resolve("newer.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(newer))) {
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            zip.write(DatabaseBackup.JSON.writeValueAsBytes(new BackupManifest(BackupManifest.FORMAT,
                    "2030-01-01T00:00:00Z", "999", List.of(), List.of())));
        }
        Path other = temp.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("package.json"));
        }
        DatabaseUrl target = newDatabase();

        assertThatThrownBy(() -> DatabaseRestore.restore(newer, target))
                .hasMessageContaining("schema version 999, this Jobber knows up to ");
        assertThatThrownBy(() -> DatabaseRestore.restore(other, target))
                .hasMessageContaining("is not a Jobber backup");
    }

    private static DatabaseUrl newDatabase() throws SQLException {
        String name = "backup_test_" + (++databases);
        DatabaseUrl jobber = server.url();
        try (Connection connection = connect(jobber); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return new DatabaseUrl(jobber.jdbcUrl().replaceAll("/[^/]+$", "/" + name), jobber.username(),
                jobber.password());
    }

    private static void migrate(DatabaseUrl database) {
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(DatabaseRestore.MIGRATIONS).load().migrate();
    }

    /** A job whose active version points back at it (a foreign-key cycle), its secrets, store and logs. */
    private static void fill(DatabaseUrl database) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : List.of(
                    "insert into job_store_settings (id, quota) values (1, 1000)",
                    "insert into secret_key_check (id, ciphertext, created) values (1, '\\x00ff10', now())",
                    "insert into job (id, name, links, created, modified) values ('" + JOB + "', 'alpha',"
                            + " '[{\"name\":\"Source\"}]', now(), now())",
                    "insert into job_version (id, job_id, version, archive_sha256, archive_size, main, node_major,"
                            + " manifest, created, modified) values ('" + VERSION + "', '" + JOB + "', '1.0.0',"
                            + " repeat('a', 64), 10, './index.js', 24, '{\"name\":\"alpha\"}', now(), now())",
                    "update job set active_version_id = '" + VERSION + "'",
                    "insert into job_action (id, job_id, job_version_id, runner_asynchronous, runner_min_count,"
                            + " runner_max_count, runner_timeout, runner_max_idle_age, runner_max_age,"
                            + " runner_max_age_hard, runner_mode, runner_docker_arguments, created) values"
                            + " (gen_random_uuid(), '" + JOB + "', '" + VERSION + "', true, 1, 2, 60, 0, 900, 960,"
                            + " 'standard', '{}', now())",
                    "insert into job_trigger (id, job_id, job_version_id, position, kind, context, created) values"
                            + " (gen_random_uuid(), '" + JOB + "', '" + VERSION + "', 0, 'http', '{\"path\":\"/a\"}',"
                            + " now())",
                    "insert into job_environment (id, job_id, name, type, value, created, modified) values"
                            + " (gen_random_uuid(), '" + JOB + "', 'GREETING', 'text', E'tab\\there\\nline\\\\é',"
                            + " now(), now())",
                    "insert into job_environment (id, job_id, name, type, ciphertext, created, modified) values"
                            + " (gen_random_uuid(), '" + JOB + "', 'TOKEN', 'secret', '\\x0102ff', now(), now())",
                    "insert into job_store (id, job_id, key, value, expiry, created, modified) values"
                            + " (gen_random_uuid(), '" + JOB + "', 'counter', convert_to('héllo', 'UTF8'),"
                            + " now() + interval '1 day', now(), now())",
                    "insert into audit_entry (time, actor_type, method, route, resource, action, change, status,"
                            + " details, request_id) values (now(), 'token', 'PUT', '/api/job/{jobId}', 'job/" + JOB
                            + "', 'write', 'job.updated', 200, '{\"after\":{\"status\":\"disabled\"}}',"
                            + " gen_random_uuid())")) {
                statement.execute(sql);
            }
            for (int i = 0; i < 3; i++) {
                statement.execute("insert into job_log (job_id, source, stream, created, message) values ('" + JOB
                        + "', 'runner', 'stdout', now(), 'line " + i + "')");
            }
        }
    }

    private static List<String> rows(DatabaseUrl database, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select t::text from \"" + table + "\" t order by 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(DatabaseUrl database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

}
