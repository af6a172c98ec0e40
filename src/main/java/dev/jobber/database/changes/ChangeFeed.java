package dev.jobber.database.changes;

import dev.jobber.config.DatabaseConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.Driver;

/**
 * Every instance's view of changes committed by any instance on the same database: fires {@link Change} for each
 * change the database announces (within a second of its commit) and {@link FullCheck} when everything is to be read
 * again. Followers (gateway routes, runner pools, MQTT triggers, environments) observe both events; each observer
 * handles its own failures. Starts after the followers have loaded their state and stops before they do.
 */
@ApplicationScoped
public class ChangeFeed {

    private final Event<Change> changes;
    private final Event<FullCheck> checks;
    private final DatabaseConfig config;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private ChangeListener listener;

    public ChangeFeed(Event<Change> changes, Event<FullCheck> checks, DatabaseConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.changes = changes;
        this.checks = checks;
        this.config = config;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes @Priority(40) StartupEvent event) {
        listener = new ChangeListener(this::open, new ChangeListener.Follower() {
            @Override
            public void changed(Change change) {
                changes.fire(change);
            }

            @Override
            public void fullCheck(FullCheck.Reason reason) {
                checks.fire(new FullCheck(reason));
            }
        }, config.changeCheckInterval());
        listener.start();
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        if (listener != null) {
            listener.close();
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "jobber-change-feed");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "30");
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
