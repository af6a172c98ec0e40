package dev.jobber.database.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.database.DatabaseUrl;
import dev.jobber.database.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed's listener against a real PostgreSQL with Jobber's schema (and its change triggers). */
class ChangeListenerTest {

    @TempDir
    static Path temp;
    private static volatile EmbeddedDatabase database;

    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final List<FullCheck.Reason> checks = new CopyOnWriteArrayList<>();
    private ChangeListener listener;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(temp.resolve("postgres"));
        DatabaseUrl url = database.url();
        Flyway.configure().dataSource(url.jdbcUrl(), url.username(), url.password()).load().migrate();
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @AfterEach
    void stopListener() throws InterruptedException {
        listener.close();
    }

    @Test
    void handsAnAnnouncedChangeToItsFollowerAfterCheckingEverythingOnce() throws SQLException {
        listen(Duration.ofMinutes(10));
        UUID job = UUID.randomUUID();

        execute("select pg_notify('jobber_changes', ?)", "{\"kind\":\"job\",\"id\":\"" + job + "\"}");

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains(new Change(Change.Kind.JOB, job)));
        assertThat(checks).containsExactly(FullCheck.Reason.LISTENING);
    }

    @Test
    void announcesEachCommittedChangeOfAJobOnceAndARolledBackOneNever() throws SQLException {
        listen(Duration.ofMinutes(10));
        UUID rolledBack = UUID.randomUUID();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            insertJob(connection, rolledBack);
            connection.rollback();
        }
        UUID job = UUID.randomUUID();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            insertJob(connection, job);
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into job_environment (id, job_id, name, type, value, created, modified)
                    values (?, ?, 'GREETING', 'text', 'hello', now(), now())""")) {
                statement.setObject(1, UUID.randomUUID());
                statement.setObject(2, job);
                statement.executeUpdate();
            }
            execute(connection, "update job set environment_revision = environment_revision + 1 where id = ?", job);
            connection.commit();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains(new Change(Change.Kind.ENVIRONMENT, job)));
        assertThat(changes).containsExactly(new Change(Change.Kind.JOB, job), new Change(Change.Kind.ENVIRONMENT, job));
    }

    @Test
    void listensAgainAfterADatabaseRestartAndThenChecksEverything() throws SQLException {
        listen(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> checks.size() == 1);

        database.close();
        database = EmbeddedDatabase.start(temp.resolve("postgres"));

        await().atMost(Duration.ofSeconds(30)).until(() -> checks.size() == 2);
        assertThat(checks).containsOnly(FullCheck.Reason.LISTENING);
        UUID job = UUID.randomUUID();
        execute("select pg_notify('jobber_changes', ?)", "{\"kind\":\"token\",\"id\":\"" + job + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains(new Change(Change.Kind.TOKEN, job)));
    }

    @Test
    void checksEverythingAgainEveryInterval() {
        listen(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> checks.size() >= 4);
        assertThat(checks.subList(1, checks.size())).containsOnly(FullCheck.Reason.PERIODIC);
    }

    private void listen(Duration checkInterval) {
        listener = new ChangeListener(ChangeListenerTest::connect, new ChangeListener.Follower() {
            @Override
            public void changed(Change change) {
                changes.add(change);
            }

            @Override
            public void fullCheck(FullCheck.Reason reason) {
                checks.add(reason);
            }
        }, checkInterval);
        listener.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !checks.isEmpty());
    }

    private static Connection connect() throws SQLException {
        DatabaseUrl url = database.url();
        return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
    }

    private static void insertJob(Connection connection, UUID id) throws SQLException {
        execute(connection, "insert into job (id, name, created, modified) values (?, 'job-' || ?, now(), now())",
                id, id.toString());
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            execute(connection, sql, parameters);
        }
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
