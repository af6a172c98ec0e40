package dev.jobber.gateway;

import dev.jobber.config.GatewayConfig;
import dev.jobber.database.changes.Change;
import dev.jobber.database.changes.FullCheck;
import dev.jobber.job.ActiveVersions;
import dev.jobber.job.VersionsChanged;
import dev.jobber.logs.JobLogs;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.metrics.RecentErrors;
import dev.jobber.metrics.VersionMeters;
import dev.jobber.runner.Event;
import dev.jobber.runner.EventHandle;
import dev.jobber.runner.RunnerManager;
import dev.jobber.runner.protocol.EventSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/** The HTTP listener on which functions are invoked (README, "How it works"). */
@ApplicationScoped
public class GatewayServer {

    private static final Logger LOG = Logger.getLogger(GatewayServer.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ActiveVersions activeVersions;
    private final RunnerManager runners;
    private final JobberMetrics metrics;
    private final RecentErrors errors;
    private volatile RouteIndex routes = RouteIndex.EMPTY;
    private final JobNotices notices;
    private final ConnectionTimeouts timeouts;
    private final RequestRouter router;
    private volatile HttpServer server;
    /** Request bodies up to this size are collected before the event is sent; larger ones stream. */
    static final long WHOLE_BODY = 64 * 1024;
    /** Largest piece of a request body Vert.x hands over at once (its default, 8 KiB, means many small frames). */
    static final int BODY_PIECE = 64 * 1024;
    /** Longest request line read (Node's limit for the whole head); Vert.x answers 414 beyond it. */
    static final int MAX_REQUEST_LINE = 16 * 1024;

    public GatewayServer(Vertx vertx, GatewayConfig config, ActiveVersions activeVersions, RunnerManager runners,
            JobberMetrics metrics, JobLogs logs, RecentErrors errors) {
        this.errors = errors;
        this.vertx = vertx;
        this.notices = new JobNotices(logs);
        this.timeouts = new ConnectionTimeouts(vertx, config.headerTimeout(), config.idleTimeout());
        this.router = new RequestRouter(vertx, notices, this::dispatch);
        this.metrics = metrics;
        this.config = config;
        this.activeVersions = activeVersions;
        this.runners = runners;
    }

    void start(@Observes @Priority(20) StartupEvent event) throws Exception {
        rebuildRoutes();
        router.start();
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setTcpNoDelay(true).setCompressionSupported(false).setMaxChunkSize(BODY_PIECE)
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                // HTTP/1.1 only, as the original: sniffing for cleartext HTTP/2 holds a new connection back from
                // the connection handler until a whole request head has arrived, out of the header timeout's reach.
                .setHttp2ClearTextEnabled(false);
        timeouts.start();
        server = vertx.createHttpServer(options).connectionHandler(timeouts::opened).requestHandler(this::handle)
                .listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("Gateway listening on %s:%d", config.host(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        timeouts.stop();
        HttpServer current = server;
        if (current != null) {
            current.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        router.stop();
    }

    /** Runs before the change's own request is answered, so a client that published can call its route at once. */
    void onVersionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) VersionsChanged event) {
        rebuildRoutes();
    }

    /** A job changed through any instance on the database. */
    void onChange(@Observes Change change) {
        if (change.kind() == Change.Kind.JOB) {
            rebuildRoutes();
        }
    }

    void onFullCheck(@Observes FullCheck check) {
        rebuildRoutes();
    }

    private synchronized void rebuildRoutes() {
        try {
            routes = RouteIndex.of(activeVersions.list());
        } catch (RuntimeException e) {
            LOG.error("Could not rebuild the gateway's routes; the previous ones stay in use", e);
        }
    }

    /**
     * The route a request would take, matched by the rules and against the routes requests are matched against now;
     * {@code path} is as sent, without the query. Patterns run on the calling thread, which must not be an event loop.
     */
    public Optional<RouteIndex.Route> route(String host, String method, String path) {
        return routes.match(host, method, RequestRouter.decode(path));
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        timeouts.requestStarted(request);
        router.route(request, routes);
    }

    /** Invokes the route's job, or answers 404 without one; {@code paused}: the request waits to be resumed. */
    private void dispatch(HttpServerRequest request, RouteIndex.Route route, String host, boolean paused) {
        if (route == null) {
            ErrorPage.send(request, 404, "No trigger matches " + request.method() + " " + request.path());
            if (paused) {
                request.resume();
            }
            return;
        }
        VersionMeters meters = metrics.active(route.jobId());
        IntConsumer answered = status -> meters.httpAnswered(request.method().name(), route.hostname(), host,
                status);
        long limit = config.maxBodySize().asLongValue();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLong(length) > limit) {
            answered.accept(413);
            tooLarge(request, limit);
            return;
        }
        if (streams(request, length)) {
            GatewayUpload upload = new GatewayUpload(request, Vertx.currentContext(), limit);
            EventHandle handle = runners.invoke(route.jobId(),
                    new Event(event(request, route, host), Buffer.buffer(), upload), sink(request, route, answered));
            request.response().closeHandler(v -> {
                if (upload.inProgress() || request.response().headWritten()) {
                    handle.abandon();
                }
            });
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                answered.accept(413);
                tooLarge(request, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                EventHandle handle = runners.invoke(route.jobId(), new Event(event(request, route, host), body),
                        sink(request, route, answered));
                request.response().closeHandler(closed -> {
                    if (request.response().headWritten()) {
                        handle.abandon(); // a streamed answer nobody reads any more
                    }
                });
            }
        });
        if (paused) {
            request.resume();
        }
    }

    private GatewaySink sink(HttpServerRequest request, RouteIndex.Route route, IntConsumer answered) {
        return new GatewaySink(request, answered, route, notices, errors);
    }

    /**
     * Whether the body goes to the runner as it arrives: when it is larger than {@link #WHOLE_BODY} or of unknown
     * length. Smaller ones are collected and sent in the event frame, the fastest way for the common small request.
     */
    private static boolean streams(HttpServerRequest request, String length) {
        if (length != null) {
            return parseLong(length) > WHOLE_BODY;
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static EventSource.Http event(HttpServerRequest request, RouteIndex.Route route, String host) {
        return new EventSource.Http(route.triggerName(), request.method().name(), request.path(),
                request.query() == null ? "" : request.query(), RequestHeaders.forwarded(request.headers()),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), host);
    }

    private void tooLarge(HttpServerRequest request, long limit) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        ErrorPage.send(request, 413, "Request body too large; at most " + limit + " bytes are accepted");
        LingeringClose.after(request, vertx);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
