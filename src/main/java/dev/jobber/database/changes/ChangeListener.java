package dev.jobber.database.changes;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on the database's change channel over a connection of its own, on a thread of its own. Each announced
 * change goes to the follower; a full check is asked for once listening starts (again after every reconnection, as
 * changes made meanwhile were announced to no one) and every check interval. A lost connection is opened again,
 * after pauses growing up to {@link #MAX_RETRY_DELAY}; a silent one is found by a query after {@link #QUIET} without
 * news.
 */
final class ChangeListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    static final String CHANNEL = "jobber_changes";
    static final Duration WAIT = Duration.ofMillis(500);
    static final Duration QUIET = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

    /** Opens the listening connection. */
    interface Connector {
        Connection open() throws SQLException;
    }

    /** Receives what the listener learns, always on the listener's thread, one call at a time. */
    interface Follower {
        void changed(Change change);

        void fullCheck(FullCheck.Reason reason);
    }

    private final Connector connector;
    private final Follower follower;
    private final long checkIntervalNanos;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    ChangeListener(Connector connector, Follower follower, Duration checkInterval) {
        this.connector = connector;
        this.follower = follower;
        this.checkIntervalNanos = checkInterval.toNanos();
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name("jobber-change-feed").daemon().start(this::run);
    }

    /** Stops listening; waits for a follower call in progress to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        stopped.countDown();
        if (thread != null) {
            thread.join(Duration.ofSeconds(30));
        }
    }

    private void run() {
        Duration delay = FIRST_RETRY_DELAY;
        boolean lost = false;
        while (running) {
            try (Connection connection = connector.open()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (lost) {
                    LOG.info("Following database changes again");
                }
                lost = false;
                delay = FIRST_RETRY_DELAY;
                follow(connection);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!lost) {
                    LOG.warnf("Lost the database change feed (%s); changes of other instances wait until it is back",
                            e.getMessage());
                }
                lost = true;
                try {
                    stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    /** Returns when stopped; throws when the connection fails. */
    private void follow(Connection connection) throws SQLException {
        PGConnection listening = connection.unwrap(PGConnection.class);
        fullCheck(FullCheck.Reason.LISTENING);
        long nextCheck = System.nanoTime() + checkIntervalNanos;
        long lastNews = System.nanoTime();
        while (running) {
            PGNotification[] notifications = listening.getNotifications((int) WAIT.toMillis());
            long now = System.nanoTime();
            if (notifications != null && notifications.length > 0) {
                lastNews = now;
                deliver(notifications);
            } else if (now - lastNews >= QUIET.toNanos()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select 1");
                }
                lastNews = now;
            }
            if (now - nextCheck >= 0) {
                fullCheck(FullCheck.Reason.PERIODIC);
                nextCheck = System.nanoTime() + checkIntervalNanos;
            }
        }
    }

    /** One transaction's changes arrive together; each distinct change is handed on once. */
    private void deliver(PGNotification[] notifications) {
        Set<Change> changes = new LinkedHashSet<>();
        for (PGNotification notification : notifications) {
            Change.parse(notification.getParameter()).ifPresentOrElse(changes::add,
                    () -> LOG.warnf("Ignored a database change notice that is not one: %s",
                            notification.getParameter()));
        }
        for (Change change : changes) {
            try {
                follower.changed(change);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Following the change of %s %s failed", change.kind(), change.id());
            }
        }
    }

    private void fullCheck(FullCheck.Reason reason) {
        try {
            follower.fullCheck(reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The full check for changes failed");
        }
    }
}
