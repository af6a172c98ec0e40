package dev.jobber.auth;

import static dev.jobber.database.Statements.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Users, sessions and API tokens through plain JDBC, one statement per operation (autocommit). */
@ApplicationScoped
public class AuthRepository {

    /** SQLSTATE of a unique violation (a username taken regardless of case). */
    static final String UNIQUE_VIOLATION = "23505";
    private static final String USER = "u.id, u.username, u.password_hash, u.permissions, u.enabled, u.created, "
            + "u.modified";
    private static final String TOKEN = "t.id, t.user_id, t.description, t.permissions, t.enabled, t.created, "
            + "t.expires";

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public AuthRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A user with its live credential, found by the hash of a session or token secret. */
    public record Credential(User user, UUID id, Instant expires, Optional<ApiToken> token) {
    }

    public List<User> users() {
        return query("select " + USER + " from app_user u order by lower(u.username)", this::user);
    }

    public Optional<User> user(UUID id) {
        return query("select " + USER + " from app_user u where u.id = ?", this::user, id).stream().findFirst();
    }

    public Optional<User> userByName(String username) {
        return query("select " + USER + " from app_user u where lower(u.username) = lower(?)", this::user, username)
                .stream().findFirst();
    }

    /** Inserts a user; false when the username is taken. */
    public boolean insert(User user) {
        return update("insert into app_user (id, username, password_hash, permissions, enabled, created, modified) "
                + "values (?, ?, ?, ?::jsonb, ?, ?, ?) on conflict do nothing", user.id(), user.username(),
                user.passwordHash(), toJson(user.permissions()), user.enabled(), ts(user.created()),
                ts(user.modified())) == 1;
    }

    /** Saves a changed user; false when its new username is taken. */
    public boolean save(User user) {
        try {
            update("update app_user set username = ?, password_hash = ?, permissions = ?::jsonb, enabled = ?, "
                    + "modified = ? where id = ?", user.username(), user.passwordHash(), toJson(user.permissions()),
                    user.enabled(), ts(user.modified()), user.id());
            return true;
        } catch (UncheckedSql e) {
            if (UNIQUE_VIOLATION.equals(e.getCause().getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    public boolean deleteUser(UUID id) {
        return update("delete from app_user where id = ?", id) == 1;
    }

    public void insertSession(UUID id, byte[] tokenHash, UUID userId, Instant created, Instant expires) {
        update("insert into user_session (id, token_hash, user_id, created, expires) values (?, ?, ?, ?, ?)", id,
                tokenHash, userId, ts(created), ts(expires));
    }

    /** The enabled user of an unexpired session. */
    public Optional<Credential> session(byte[] tokenHash) {
        return query("select " + USER + ", s.id as sid, s.expires as sexpires from user_session s "
                + "join app_user u on u.id = s.user_id where s.token_hash = ? and s.expires > now() and u.enabled",
                rs -> new Credential(user(rs), rs.getObject("sid", UUID.class),
                        rs.getTimestamp("sexpires").toInstant(), Optional.empty()), tokenHash)
                .stream().findFirst();
    }

    public void deleteSession(byte[] tokenHash) {
        update("delete from user_session where token_hash = ?", tokenHash);
    }

    public void deleteSessionsOf(UUID userId) {
        update("delete from user_session where user_id = ?", userId);
    }

    /** Removes expired sessions; answers how many. */
    public int deleteExpiredSessions() {
        return update("delete from user_session where expires <= now()");
    }

    public void insert(ApiToken token, byte[] tokenHash) {
        update("insert into api_token (id, token_hash, user_id, description, permissions, enabled, created, expires) "
                + "values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)", token.id(), tokenHash, token.userId(),
                token.description(), toJson(token.permissions()), token.enabled(), ts(token.created()),
                ts(token.expires()));
    }

    /** An enabled, unexpired token of an enabled user. */
    public Optional<Credential> token(byte[] tokenHash) {
        return query("select " + USER + ", t.id as tid, t.description, t.permissions as tpermissions, "
                + "t.enabled as tenabled, t.created as tcreated, t.expires from api_token t "
                + "join app_user u on u.id = t.user_id "
                + "where t.token_hash = ? and t.enabled and t.expires > now() and u.enabled",
                rs -> {
                    ApiToken token = new ApiToken(rs.getObject("tid", UUID.class), rs.getObject("id", UUID.class),
                            rs.getString("description"), permissions(rs.getString("tpermissions")),
                            rs.getBoolean("tenabled"), rs.getTimestamp("tcreated").toInstant(),
                            rs.getTimestamp("expires").toInstant());
                    return new Credential(user(rs), token.id(), token.expires(), Optional.of(token));
                }, tokenHash).stream().findFirst();
    }

    public List<ApiToken> tokens() {
        return query("select " + TOKEN + " from api_token t order by t.created", this::token);
    }

    public Optional<ApiToken> token(UUID id) {
        return query("select " + TOKEN + " from api_token t where t.id = ?", this::token, id).stream().findFirst();
    }

    public void save(ApiToken token) {
        update("update api_token set description = ?, permissions = ?::jsonb, enabled = ? where id = ?",
                token.description(), toJson(token.permissions()), token.enabled(), token.id());
    }

    public boolean deleteToken(UUID id) {
        return update("delete from api_token where id = ?", id) == 1;
    }

    private User user(ResultSet rs) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("password_hash"),
                permissions(rs.getString("permissions")), rs.getBoolean("enabled"),
                rs.getTimestamp("created").toInstant(), rs.getTimestamp("modified").toInstant());
    }

    private ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("description"), permissions(rs.getString("permissions")), rs.getBoolean("enabled"),
                rs.getTimestamp("created").toInstant(), rs.getTimestamp("expires").toInstant());
    }

    private Permissions permissions(String stored) {
        try {
            return Permissions.parse(json.readTree(stored), "permissions");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored permissions are not JSON", e);
        }
    }

    private static String toJson(Permissions permissions) {
        return permissions.toJson().toString();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rs.next()) {
                result.add(row.map(rs));
            }
            return result;
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    /** A database failure. */
    static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
