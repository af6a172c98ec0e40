package dev.jobber.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Store rows through plain JDBC in autocommit, one indexed statement per operation, so a function's store call costs a
 * single round trip. Expired rows are treated as absent by every read.
 */
@ApplicationScoped
public class StoreRepository {

    /** SQLSTATE the quota trigger raises (see V2__environment_and_store.sql). */
    static final String QUOTA_EXCEEDED = "JBQ01";
    private static final String LIVE = "(expiry is null or expiry > now())";
    private static final String COLUMNS = "id, job_id, key, value, expiry, created, modified";

    private final DataSource dataSource;

    public StoreRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<StoreItem> get(UUID jobId, String key) {
        return one("select " + COLUMNS + " from job_store where job_id = ? and key = ? and " + LIVE, jobId, key);
    }

    /**
     * Sets a key; {@code ttlSeconds} 0 means no expiry. Replacing an expired row starts a new item (new id and created).
     *
     * @throws QuotaExceededException when the job's values would exceed the quota
     */
    public StoreItem set(UUID jobId, String key, byte[] value, double ttlSeconds) {
        String sql = """
                insert into job_store as s (id, job_id, key, value, expiry, created, modified)
                values (?, ?, ?, ?, case when ? > 0 then now() + make_interval(secs => ?) end, now(), now())
                on conflict (job_id, key) do update set
                    id = case when s.expiry <= now() then excluded.id else s.id end,
                    created = case when s.expiry <= now() then excluded.created else s.created end,
                    value = excluded.value, expiry = excluded.expiry, modified = excluded.modified
                returning\s""" + COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, jobId);
            statement.setString(3, key);
            statement.setBytes(4, value);
            statement.setDouble(5, ttlSeconds);
            statement.setDouble(6, ttlSeconds);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return item(rs);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Sets a key only if its live value is {@code expected}, or only if it has no live value when {@code expected}
     * is {@code null}; answers the new item, or empty when the value was different. One statement: a concurrent
     * writer of the same key makes it re-check the row it waited for, so exactly one of two equal expectations wins.
     *
     * @throws QuotaExceededException when the job's values would exceed the quota
     */
    public Optional<StoreItem> compareAndSet(UUID jobId, String key, byte[] expected, byte[] value, double ttlSeconds) {
        String expiry = "case when ? > 0 then now() + make_interval(secs => ?) end";
        String sql = expected == null ? """
                insert into job_store as s (id, job_id, key, value, expiry, created, modified)
                values (?, ?, ?, ?, %s, now(), now())
                on conflict (job_id, key) do update set id = excluded.id, created = excluded.created,
                    value = excluded.value, expiry = excluded.expiry, modified = excluded.modified
                where s.expiry <= now()
                returning %s""".formatted(expiry, COLUMNS) : """
                update job_store set value = ?, expiry = %s, modified = now()
                where job_id = ? and key = ? and value = ? and %s
                returning %s""".formatted(expiry, LIVE, COLUMNS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (expected == null) {
                statement.setObject(1, UUID.randomUUID());
                statement.setObject(2, jobId);
                statement.setString(3, key);
                statement.setBytes(4, value);
                statement.setDouble(5, ttlSeconds);
                statement.setDouble(6, ttlSeconds);
            } else {
                statement.setBytes(1, value);
                statement.setDouble(2, ttlSeconds);
                statement.setDouble(3, ttlSeconds);
                statement.setObject(4, jobId);
                statement.setString(5, key);
                statement.setBytes(6, expected);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Deletes a key; answers the deleted item unless it had expired already. */
    public Optional<StoreItem> delete(UUID jobId, String key) {
        return one("delete from job_store where job_id = ? and key = ? returning " + COLUMNS, jobId, key)
                .filter(StoreRepository::live);
    }

    public Optional<StoreItem> getById(UUID jobId, UUID id) {
        return one("select " + COLUMNS + " from job_store where id = ? and job_id = ? and " + LIVE, id, jobId);
    }

    public Optional<StoreItem> deleteById(UUID jobId, UUID id) {
        return one("delete from job_store where id = ? and job_id = ? returning " + COLUMNS, id, jobId)
                .filter(StoreRepository::live);
    }

    /** The job's live items ordered by key, values left out (empty arrays). */
    public List<StoreItem> list(UUID jobId) {
        String sql = "select id, job_id, key, null, expiry, created, modified from job_store where job_id = ? and "
                + LIVE + " order by key";
        List<StoreItem> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    items.add(item(rs));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return items;
    }

    /** Deletes up to {@code limit} expired rows; answers how many. */
    public int deleteExpired(int limit) {
        String sql = """
                delete from job_store where id in (
                    select id from job_store where expiry <= now() order by expiry limit ? for update skip locked)""";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, limit);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Optional<StoreItem> one(String sql, UUID first, Object second) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, first);
            statement.setObject(2, second);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static boolean live(StoreItem item) {
        return item.expiry() == null || item.expiry().isAfter(java.time.Instant.now());
    }

    private static StoreItem item(ResultSet rs) throws SQLException {
        byte[] value = rs.getBytes(4);
        Timestamp expiry = rs.getTimestamp(5);
        return new StoreItem(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                value == null ? new byte[0] : value, expiry == null ? null : expiry.toInstant(),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
    }

    private static RuntimeException translate(SQLException e) {
        if (QUOTA_EXCEEDED.equals(e.getSQLState())) {
            return new QuotaExceededException(e instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getMessage() : e.getMessage());
        }
        if ("23503".equals(e.getSQLState())) {
            return new IllegalStateException("the job no longer exists");
        }
        return failed(e);
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("the store is unavailable: " + e.getMessage(), e);
    }

    /** The job's values would take more than its quota, or the job would hold more keys than allowed. */
    public static final class QuotaExceededException extends RuntimeException {
        QuotaExceededException(String message) {
            super(message);
        }
    }
}
