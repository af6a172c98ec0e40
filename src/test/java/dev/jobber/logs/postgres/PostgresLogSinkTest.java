package dev.jobber.logs.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.logs.LogQuery;
import dev.jobber.logs.LogSink;
import dev.jobber.logs.LogSinkContractTest;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PostgresLogSinkTest extends LogSinkContractTest {

    @Inject
    DataSource dataSource;

    @Override
    protected LogSink create(int capacity, int jobShare, int batchSize) {
        return new PostgresLogSink(dataSource, capacity, jobShare, batchSize);
    }

    @Override
    protected UUID newJob() {
        UUID id = UUID.randomUUID();
        execute("insert into job (id, name, created, modified) values (?, ?, now(), now())", id,
                "logs-" + id.toString().substring(0, 8));
        return id;
    }

    @Override
    protected AutoCloseable blockWrites() throws SQLException {
        UUID blocker = newJob();
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        // The writer share-locks the jobs of its batch; a lock on every job row makes it wait.
        try (PreparedStatement lock = connection.prepareStatement("select id from job for update")) {
            lock.executeQuery().close();
        }
        return () -> {
            connection.rollback();
            connection.close();
            execute("delete from job where id = ?", blocker);
        };
    }

    @Test
    void skipsLinesOfDeletedJobsAndDeletesAJobsLinesWithIt() {
        LogSink sink = sink(100, 10);
        UUID kept = newJob();
        UUID deleted = newJob();
        sink.append(line(kept, Instant.now(), "kept", null));
        sink.append(line(deleted, Instant.now(), "gone", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        execute("delete from job where id = ?", deleted);
        sink.append(line(deleted, Instant.now(), "late line of a deleted job", null));
        sink.append(line(kept, Instant.now(), "kept too", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(sink.query(LogQuery.newest(kept, 10))).extracting(e -> e.line().message())
                .containsExactly("kept too", "kept");
        assertThat(sink.query(LogQuery.newest(deleted, 10))).isEmpty();
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void deletesLinesOlderThanTheCutoff() {
        PostgresLogSink sink = (PostgresLogSink) sink(100, 10);
        UUID jobId = newJob();
        sink.append(line(jobId, Instant.now().minus(Duration.ofDays(8)), "old", null));
        sink.append(line(jobId, Instant.now(), "new", null));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(sink.deleteOlderThan(Instant.now().minus(Duration.ofDays(7)))).isGreaterThanOrEqualTo(1);
        assertThat(sink.query(LogQuery.newest(jobId, 10))).extracting(e -> e.line().message())
                .containsExactly("new");
    }

    private void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
