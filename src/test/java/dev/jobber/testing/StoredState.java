package dev.jobber.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What publishing can leave behind: row counts of the job tables and the archive files, to compare snapshots. */
public record StoredState(Map<String, Long> rows, List<String> archives) {

    private static final List<String> TABLES = List.of("job", "job_version", "job_action", "job_trigger");

    public static StoredState of(DataSource dataSource, Path dataDir) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new StoredState(rows, TestFiles.listFiles(dataDir.resolve("archives")));
    }
}
