package dev.jobber.gateway;

import dev.jobber.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** The HTTP listener on which functions are invoked (SPEC §4). */
@ApplicationScoped
public class GatewayServer {

    private static final Logger LOG = Logger.getLogger(GatewayServer.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private volatile HttpServer server;

    public GatewayServer(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
        server = vertx.createHttpServer(options)
                .requestHandler(request -> ErrorPage.send(request, 404, "No trigger matches "
                        + request.method() + " " + request.path()))
                .listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("Gateway listening on %s:%d", config.host(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        HttpServer current = server;
        if (current != null) {
            current.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.actualPort();
    }
}
