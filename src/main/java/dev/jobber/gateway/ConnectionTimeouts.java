package dev.jobber.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes gateway connections that keep the gateway waiting for their client: a new one whose first request head has
 * not arrived within the header timeout, and one with no request for the idle timeout after its last answer. A
 * connection with a request under way is left alone, however long its function takes. A periodic sweep does the
 * closing, so a request costs no timer.
 */
final class ConnectionTimeouts {

    private final Vertx vertx;
    private final long headerNanos;
    private final long idleNanos;
    private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();
    private long sweeper = -1;

    ConnectionTimeouts(Vertx vertx, Duration header, Duration idle) {
        this.vertx = vertx;
        this.headerNanos = header.toNanos();
        this.idleNanos = idle.toNanos();
    }

    /** Starts sweeping, at a quarter of the shorter timeout (between 10 ms and 1 s). */
    void start() {
        long interval = Math.clamp(Math.min(headerNanos, idleNanos) / 4 / 1_000_000, 10, 1000);
        sweeper = vertx.setPeriodic(interval, id -> sweep());
    }

    void stop() {
        vertx.cancelTimer(sweeper);
    }

    /** A new connection: its first request head must arrive within the header timeout. */
    void opened(HttpConnection connection) {
        watched.put(connection, new Watch(System.nanoTime() + headerNanos));
        connection.closeHandler(v -> watched.remove(connection));
    }

    /** A request's head arrived; the connection waits for nothing until the answer is sent. */
    void requestStarted(HttpServerRequest request) {
        Watch watch = watched.get(request.connection());
        if (watch != null) {
            watch.inFlight++;
            request.response().endHandler(watch);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        watched.forEach((connection, watch) -> {
            if (watch.inFlight == 0 && now - watch.deadline > 0) {
                watched.remove(connection);
                connection.close();
            }
        });
    }

    /**
     * When a connection must have sent a request by, and how many of its requests are under way. Written on the
     * connection's event loop only; read by the sweep.
     */
    private final class Watch implements Handler<Void> {
        volatile long deadline;
        volatile int inFlight;

        Watch(long deadline) {
            this.deadline = deadline;
        }

        /** An answer was sent. */
        @Override
        public void handle(Void ended) {
            deadline = System.nanoTime() + idleNanos;
            inFlight--;
        }
    }
}
