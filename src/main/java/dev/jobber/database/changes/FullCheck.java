package dev.jobber.database.changes;

/**
 * Fired by {@link ChangeFeed} when changes may have gone unannounced: once listening starts (again, after a lost
 * connection) and every {@code DATABASE_CHANGE_CHECK_INTERVAL}. Followers read everything they keep again.
 */
public record FullCheck(Reason reason) {

    public enum Reason {
        /** Listening (again): whatever changed while no one listened has not been announced. */
        LISTENING,
        /** The periodic safety net. */
        PERIODIC
    }
}
