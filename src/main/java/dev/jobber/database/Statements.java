package dev.jobber.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Plain JDBC helpers shared by the repositories that do not go through Hibernate. */
public final class Statements {

    private Statements() {
    }

    /** A prepared statement with {@code parameters} bound in order; the caller closes it. */
    public static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }
}
