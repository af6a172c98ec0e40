package dev.jobber.store;

import dev.jobber.config.StoreConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Deletes expired store items in the background, in batches, every {@code JOBBER_STORE_CLEANUP_INTERVAL}. */
@ApplicationScoped
public class ExpiredItemsCleanup {

    private static final Logger LOG = Logger.getLogger(ExpiredItemsCleanup.class);
    static final int BATCH = 1000;

    private final Vertx vertx;
    private final StoreRepository store;
    private final StoreConfig config;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public ExpiredItemsCleanup(Vertx vertx, StoreRepository store, StoreConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.cleanupInterval().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                executor.execute(() -> {
                    try {
                        run();
                    } finally {
                        running.set(false);
                    }
                });
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        executor.shutdownNow();
    }

    /** Deletes every expired item; answers how many. A failure is logged and retried on the next turn. */
    int run() {
        int total = 0;
        try {
            int deleted;
            do {
                deleted = store.deleteExpired(BATCH);
                total += deleted;
            } while (deleted == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("Removing expired store items failed: %s", e.getMessage());
        }
        return total;
    }
}
