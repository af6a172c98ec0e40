package dev.jobber.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes the connection of a request refused while its body may still arrive, without losing the answer: a socket
 * closed with unread bytes is reset at once, and a reset discards the answer the client has not read yet (with the
 * native transport, reliably). So the rest of the body is read and dropped until it ends, for at most
 * {@link #LINGER_MS}, and the connection closes then (as servers' "lingering close").
 */
final class LingeringClose {

    static final long LINGER_MS = 2000;

    private LingeringClose() {
    }

    /** Call once the answer was sent; on the request's event loop. */
    static void after(HttpServerRequest request, Vertx vertx) {
        request.handler(dropped -> { });
        request.endHandler(v -> request.connection().close());
        vertx.setTimer(LINGER_MS, id -> request.connection().close());
        request.resume();
    }
}
