package dev.jobber.audit;

import static dev.jobber.database.Statements.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** Audit entries in PostgreSQL through plain JDBC; an insert joins the caller's transaction when there is one. */
@ApplicationScoped
public class AuditRepository {

    private static final String COLUMNS = "id, time, actor_type, user_id, username, token_id, method, route, "
            + "resource, action, change, status, details, request_id, client_address, suppressed";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public AuditRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void insert(AuditEntry entry) {
        Actor actor = entry.actor();
        update("insert into audit_entry (time, actor_type, user_id, username, token_id, method, route, resource, "
                + "action, change, status, details, request_id, client_address, suppressed) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)", Timestamp.from(entry.time()),
                actor.type().json(), actor.userId(), actor.username(), actor.tokenId(), entry.method(),
                entry.route(), entry.resource(), entry.action(), entry.change(), entry.status(),
                entry.details() == null ? null : entry.details().toString(), entry.requestId(),
                entry.clientAddress(), entry.suppressed());
    }

    public List<AuditEntry> find(AuditQuery query) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entry where true");
        List<Object> parameters = new ArrayList<>();
        query.before().ifPresent(id -> condition(sql, parameters, " and id < ?", id));
        query.actor().ifPresent(actor -> actor(sql, parameters, actor));
        query.resource().ifPresent(prefix -> condition(sql, parameters, " and resource like ? escape '\\'",
                prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        query.route().ifPresent(route -> condition(sql, parameters, " and route = ?", route));
        query.from().ifPresent(from -> condition(sql, parameters, " and time >= ?", Timestamp.from(from)));
        query.to().ifPresent(to -> condition(sql, parameters, " and time <= ?", Timestamp.from(to)));
        query.action().ifPresent(action -> {
            sql.append(" and (action = ? or change = ?)");
            parameters.add(action);
            parameters.add(action);
        });
        query.method().ifPresent(method -> condition(sql, parameters, " and method = ?",
                method.toUpperCase(Locale.ROOT)));
        sql.append(" order by id desc limit ?");
        parameters.add(query.limit());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql.toString(), parameters.toArray());
                ResultSet rs = statement.executeQuery()) {
            List<AuditEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(entry(rs));
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the audit log failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the entries older than {@code cutoff}; answers how many. */
    public int deleteOlderThan(Instant cutoff) {
        return update("delete from audit_entry where time < ?", Timestamp.from(cutoff));
    }

    private static void actor(StringBuilder sql, List<Object> parameters, String actor) {
        UUID id = uuid(actor);
        if (id != null) {
            sql.append(" and (user_id = ? or token_id = ?)");
            parameters.add(id);
            parameters.add(id);
        } else {
            condition(sql, parameters, " and lower(username) = lower(?)", actor);
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        sql.append(condition);
        parameters.add(value);
    }

    private AuditEntry entry(ResultSet rs) throws SQLException {
        Actor actor = new Actor(Actor.Type.valueOf(rs.getString("actor_type").toUpperCase(Locale.ROOT)),
                rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getObject("token_id", UUID.class));
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("time").toInstant(), actor, rs.getString("method"),
                rs.getString("route"), rs.getString("resource"), rs.getString("action"), rs.getString("change"),
                rs.getInt("status"), details(rs.getString("details")), rs.getObject("request_id", UUID.class),
                rs.getString("client_address"), rs.getInt("suppressed"));
    }

    private JsonNode details(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored audit details are not JSON", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the audit log failed: " + e.getMessage(), e);
        }
    }
}
