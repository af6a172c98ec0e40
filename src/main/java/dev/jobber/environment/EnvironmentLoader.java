package dev.jobber.environment;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads jobs' environments with secrets decrypted, as runners receive them (plain JDBC, no transaction needed). */
@ApplicationScoped
public class EnvironmentLoader {

    private static final String SELECT = """
            select j.id, e.name, e.type, e.value, e.ciphertext
            from job j left join job_environment e on e.job_id = j.id""";

    private final DataSource dataSource;
    private final SecretKeys keys;

    public EnvironmentLoader(DataSource dataSource, SecretKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    /** The job's variables, or empty when the job does not exist. */
    public Optional<Map<String, String>> load(UUID jobId) {
        return Optional.ofNullable(query(SELECT + " where j.id = ?", jobId).get(jobId));
    }

    /** The variables of every job. */
    public Map<UUID, Map<String, String>> loadAll() {
        return query(SELECT, null);
    }

    private Map<UUID, Map<String, String>> query(String sql, UUID jobId) {
        Map<UUID, Map<String, String>> result = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (jobId != null) {
                statement.setObject(1, jobId);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    UUID job = rs.getObject(1, UUID.class);
                    Map<String, String> variables = result.computeIfAbsent(job, id -> new HashMap<>());
                    String name = rs.getString(2);
                    if (name != null) {
                        variables.put(name, EnvironmentVariable.SECRET.equals(rs.getString(3))
                                ? new String(keys.cipher().decrypt(rs.getBytes(5),
                                        EnvironmentService.associatedData(job, name)), StandardCharsets.UTF_8)
                                : rs.getString(4));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read job environments: " + e.getMessage(), e);
        }
        result.replaceAll((id, variables) -> Map.copyOf(variables));
        return result;
    }
}
