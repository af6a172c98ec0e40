package dev.jobber.logs.postgres;

import dev.jobber.logs.BatchingLogSink;
import dev.jobber.logs.LogEntry;
import dev.jobber.logs.LogFilter;
import dev.jobber.logs.LogLine;
import dev.jobber.logs.LogQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code LOG_DRIVER=database}: lines in the {@code job_log} table, one multi-row insert per batch. Lines of jobs
 * deleted meanwhile are skipped (the job rows are share-locked for the insert, so a deletion cannot slip between).
 */
public class PostgresLogSink extends BatchingLogSink {

    private static final String INSERT = """
            insert into job_log (job_id, action_id, version_id, runner_id, source, stream, request_id, created, message)
            select job_id, action_id, version_id, runner_id, source, stream, request_id, created::timestamptz, message
            from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::uuid[],
                        ?::text[], ?::text[])
                 with ordinality as l(job_id, action_id, version_id, runner_id, source, stream, request_id, created,
                                      message, position)
            order by position
            """;

    private final DataSource dataSource;

    public PostgresLogSink(DataSource dataSource, int capacity, int jobShare, int batchSize) {
        super("database", capacity, jobShare, batchSize);
        this.dataSource = dataSource;
        start();
    }

    @Override
    protected void write(List<LogLine> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (var statement = connection.createStatement()) {
                    // Logs may trail a crash by a moment; the commit need not wait for the WAL flush.
                    statement.execute("set local synchronous_commit = off");
                }
                Set<UUID> existing = lockJobs(connection, batch);
                List<LogLine> lines = batch.stream().filter(l -> existing.contains(l.jobId())).toList();
                if (!lines.isEmpty()) {
                    insert(connection, lines);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static Set<UUID> lockJobs(Connection connection, List<LogLine> batch) throws SQLException {
        Set<UUID> jobIds = new HashSet<>();
        batch.forEach(l -> jobIds.add(l.jobId()));
        Set<UUID> existing = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id from job where id = any(?) order by id for key share")) {
            select.setArray(1, connection.createArrayOf("uuid", jobIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return existing;
    }

    private static void insert(Connection connection, List<LogLine> lines) throws SQLException {
        int n = lines.size();
        Object[] jobs = new Object[n];
        Object[] actions = new Object[n];
        Object[] versions = new Object[n];
        Object[] runners = new Object[n];
        Object[] sources = new Object[n];
        Object[] streams = new Object[n];
        Object[] requests = new Object[n];
        Object[] created = new Object[n];
        Object[] messages = new Object[n];
        for (int i = 0; i < n; i++) {
            LogLine line = lines.get(i);
            jobs[i] = line.jobId();
            actions[i] = line.actionId();
            versions[i] = line.versionId();
            runners[i] = line.runnerId();
            sources[i] = line.source().label();
            streams[i] = line.stream().label();
            requests[i] = line.requestId();
            created[i] = line.created().toString();
            // PostgreSQL text cannot hold NUL characters.
            messages[i] = line.message().indexOf('\0') < 0 ? line.message() : line.message().replace('\0', '\uFFFD');
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("uuid", jobs));
            insert.setArray(2, connection.createArrayOf("uuid", actions));
            insert.setArray(3, connection.createArrayOf("uuid", versions));
            insert.setArray(4, connection.createArrayOf("uuid", runners));
            insert.setArray(5, connection.createArrayOf("text", sources));
            insert.setArray(6, connection.createArrayOf("text", streams));
            insert.setArray(7, connection.createArrayOf("uuid", requests));
            insert.setArray(8, connection.createArrayOf("text", created));
            insert.setArray(9, connection.createArrayOf("text", messages));
            insert.executeUpdate();
        }
    }

    @Override
    public List<LogEntry> query(LogQuery query) {
        StringBuilder sql = new StringBuilder("""
                select sort, created, job_id, action_id, version_id, runner_id, source, stream, request_id, message
                from job_log where job_id = ?""");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.jobId());
        query.before().ifPresent(before -> {
            sql.append(" and sort < ?");
            parameters.add(before);
        });
        query.from().ifPresent(from -> {
            sql.append(" and created >= ?");
            parameters.add(from.atOffset(ZoneOffset.UTC));
        });
        query.until().ifPresent(until -> {
            sql.append(" and created < ?");
            parameters.add(until.atOffset(ZoneOffset.UTC));
        });
        LogFilter filter = query.filter();
        filter.text().ifPresent(text -> {
            sql.append(" and strpos(lower(message), lower(?)) > 0");
            parameters.add(text);
        });
        filter.requestId().ifPresent(requestId -> {
            sql.append(" and request_id = ?");
            parameters.add(requestId);
        });
        filter.source().ifPresent(source -> {
            sql.append(" and source = ?");
            parameters.add(source.label());
        });
        filter.stream().ifPresent(stream -> {
            sql.append(" and stream = ?");
            parameters.add(stream.label());
        });
        sql.append(" order by sort desc limit ?");
        parameters.add(query.limit());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<LogEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new LogEntry(rows.getLong("sort"), new LogLine(
                            rows.getObject("created", OffsetDateTime.class).toInstant(), rows.getObject("job_id", UUID.class),
                            rows.getObject("action_id", UUID.class), rows.getObject("version_id", UUID.class),
                            rows.getObject("runner_id", UUID.class), LogLine.Source.of(rows.getString("source")),
                            LogLine.Stream.of(rows.getString("stream")), rows.getObject("request_id", UUID.class),
                            rows.getString("message"))));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new LogReadException("Could not read the logs: " + e.getMessage(), e);
        }
    }

    /** Deletes lines created before {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from job_log where created < ?")) {
            delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete old log lines: " + e.getMessage(), e);
        }
    }
}
