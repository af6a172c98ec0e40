package dev.jobber.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** One-number queries tests check the database with. */
public final class Sql {

    private Sql() {
    }

    /**
     * The first column of the first row of {@code query} as a long; parameters are bound in order, a string that is
     * a UUID as one.
     */
    public static long number(DataSource dataSource, String query, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, uuidOrItself(parameters[i]));
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object uuidOrItself(Object parameter) {
        if (parameter instanceof String text && text.length() == 36) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                return text;
            }
        }
        return parameter;
    }
}
