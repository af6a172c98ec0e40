package dev.jobber.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void refusesEveryConnectionWithoutItsPassword() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"))) {
            String url = database.url().jdbcUrl();
            assertThatThrownBy(() -> connect(url, "postgres", null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(url, "postgres", "postgres")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> connect(url.replace("/jobber", "/postgres"), "postgres", ""))
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(url, "postgres", database.url().password())) {
                assertThat(setting(connection, "listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(setting(connection, "unix_socket_directories")).isEmpty();
            }
            Path passwordFile = temp.resolve("postgres.password");
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(database.url().password()).hasSize(43);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void isDurable() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"));
                Connection connection = connect(database)) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(connection, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void keepsItsPasswordAndDataAcrossRestarts() throws Exception {
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"));
                Connection connection = connect(database); Statement statement = connection.createStatement()) {
            password = database.url().password();
            statement.execute("create table kept (v text); insert into kept values ('still here')");
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("postgres"));
                Connection connection = connect(database)) {
            assertThat(database.url().password()).isEqualTo(password);
            assertThat(single(connection, "select v from kept")).isEqualTo("still here");
        }
    }

    @Test
    void givesAPasswordToAClusterCreatedWithoutOne() throws Exception {
        Path data = temp.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database jobber");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase database = EmbeddedDatabase.start(data)) {
            assertThatThrownBy(() -> connect(database.url().jdbcUrl(), "postgres", null))
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(database)) {
                assertThat(single(connection, "select current_database()")).isEqualTo("jobber");
            }
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
    }

    @Test
    void stopsTheServerAKilledJobberLeftRunningAndStartsAgain() throws Exception {
        Path data = temp.resolve("postgres");
        EmbeddedDatabase crashed = EmbeddedDatabase.start(data);
        try (Connection connection = connect(crashed); Statement statement = connection.createStatement()) {
            statement.execute("create table kept (v text); insert into kept values ('committed')");
        }
        long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        crashed.abandon();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data); Connection connection = connect(restarted)) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(single(connection, "select v from kept")).isEqualTo("committed");
        }
    }

    @Test
    void refusesASecondJobberOnTheSameDirectory() {
        Path data = temp.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data)).hasMessageContaining("Another Jobber");
            assertThat(first.port()).isPositive();
        }
    }

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        return connect(database.url().jdbcUrl(), database.url().username(), database.url().password());
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String setting(Connection connection, String name) throws SQLException {
        return single(connection, "show " + name);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
