package dev.jobber.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Every job with its status, active version and number of live store items, read in one statement. */
@ApplicationScoped
public class JobCensus {

    /** One job; {@code version} is the label of its active version, null when none is. */
    public record JobEntry(UUID id, String name, String status, String version, long storeItems) {
    }

    private static final String SQL = """
            select j.id, j.name, j.status, v.version,
                   (select count(*) from job_store s where s.job_id = j.id and (s.expiry is null or s.expiry > now()))
            from job j left join job_version v on v.id = j.active_version_id
            order by j.name""";

    private final DataSource dataSource;

    public JobCensus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws IllegalStateException when the database cannot be read */
    public List<JobEntry> read() {
        List<JobEntry> jobs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SQL);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                jobs.add(new JobEntry(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the jobs: " + e.getMessage(), e);
        }
        return jobs;
    }

    /** How many jobs have each status. @throws IllegalStateException when the database cannot be read */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select status, count(*) from job group by status");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the jobs: " + e.getMessage(), e);
        }
        return counts;
    }
}
