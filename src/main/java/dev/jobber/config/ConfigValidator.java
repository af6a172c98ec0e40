package dev.jobber.config;

import dev.jobber.common.AddressRange;
import dev.jobber.common.syntax.CronExpression;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks the rules between settings that their types alone cannot express; a violation stops startup. */
public final class ConfigValidator {

    void onStart(@Observes @Priority(1) StartupEvent event, JobberConfig jobber, ManagerConfig manager,
            GatewayConfig gateway, LogConfig log, MetricsConfig metrics, DatabaseConfig database, AuditConfig audit,
            RunnerConfig runner, AdminConfig admin, AuthConfig auth, ScheduleConfig schedule) {
        List<String> problems = new ArrayList<>();
        if (jobber.name().isBlank() || jobber.name().length() > 64) {
            problems.add("JOBBER_NAME: must be 1 to 64 characters");
        }
        port(problems, "MANAGER_PORT", manager.port(), true);
        managerTransport(problems, manager.transport(), runner.containerDockerNetwork());
        port(problems, "GATEWAY_PORT", gateway.port(), true);
        positive(problems, "JOBBER_ARCHIVE_MAX_SIZE", jobber.archive().maxSize().asLongValue());
        positive(problems, "JOBBER_ARCHIVE_MAX_UNCOMPRESSED_SIZE", jobber.archive().maxUncompressedSize().asLongValue());
        positive(problems, "JOBBER_ARCHIVE_MAX_ENTRIES", jobber.archive().maxEntries());
        gatewayPublicUrl(problems, gateway.publicUrl());
        positive(problems, "GATEWAY_MAX_BODY_SIZE", gateway.maxBodySize().asLongValue());
        positive(problems, "GATEWAY_HEADER_TIMEOUT", gateway.headerTimeout().toMillis());
        positive(problems, "GATEWAY_IDLE_TIMEOUT", gateway.idleTimeout().toMillis());
        positive(problems, "ADMIN_MAX_BODY_SIZE", admin.maxBodySize().asLongValue());
        positive(problems, "JOBBER_MANIFEST_MAX_TRIGGERS", jobber.manifest().maxTriggers());
        positive(problems, "RUNNER_MAX_TOTAL", runner.runnerMaxTotal());
        if (schedule.minInterval().toMillis() < 1000 || schedule.minInterval().toMillisPart() != 0) {
            problems.add("SCHEDULE_MIN_INTERVAL: must be whole seconds, at least 1s");
        }
        if (log.driver() == LogConfig.Driver.LOKI) {
            if (log.driverLokiPush().isEmpty()) {
                problems.add("LOG_DRIVER_LOKI_PUSH: required when LOG_DRIVER=loki");
            }
            if (log.driverLokiQuery().isEmpty()) {
                problems.add("LOG_DRIVER_LOKI_QUERY: required when LOG_DRIVER=loki");
            }
        }
        positive(problems, "LOG_DRIVER_LOKI_QUERY_RANGE", log.driverLokiQueryRange());
        positive(problems, "LOG_RETENTION", log.retention().toSeconds());
        logBuffer(problems, log.bufferSize(), LogConfig.jobShare(log));
        positive(problems, "LOG_BATCH_SIZE", log.batchSize());
        positive(problems, "METRICS_PROMETHEUS_QUERY_STEP", metrics.prometheusQueryStep());
        backups(problems, database);
        positive(problems, "AUDIT_RETENTION", audit.retention().toSeconds());
        positive(problems, "AUDIT_DENIED_PER_MINUTE", audit.deniedPerMinute());
        runners(problems, runner);
        managerLimits(problems, manager.limits());
        for (String proxy : auth.trustedProxies().orElse(List.of())) {
            try {
                AddressRange.parse(proxy);
            } catch (IllegalArgumentException e) {
                problems.add("AUTH_TRUSTED_PROXIES: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    static void gatewayPublicUrl(List<String> problems, Optional<String> url) {
        if (url.isEmpty()) {
            return;
        }
        try {
            URI uri = new URI(url.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add("GATEWAY_PUBLIC_URL: must be an http or https URL without query or fragment");
            }
        } catch (URISyntaxException e) {
            problems.add("GATEWAY_PUBLIC_URL: " + e.getMessage());
        }
    }

    /** Runners without a network reach the manager only through its socket. */
    static void managerTransport(List<String> problems, ManagerConfig.Transport transport, Optional<String> network) {
        if (transport == ManagerConfig.Transport.TCP && network.filter("none"::equals).isPresent()) {
            problems.add("MANAGER_TRANSPORT: runners on RUNNER_CONTAINER_DOCKER_NETWORK=none reach the manager only "
                    + "through its socket, not tcp");
        }
    }

    static void logBuffer(List<String> problems, int bufferSize, int jobShare) {
        positive(problems, "LOG_BUFFER_SIZE", bufferSize);
        positive(problems, "LOG_BUFFER_JOB_SHARE", jobShare);
        if (jobShare > bufferSize) {
            problems.add("LOG_BUFFER_JOB_SHARE: must not exceed LOG_BUFFER_SIZE (" + bufferSize + ")");
        }
    }

    static void backups(List<String> problems, DatabaseConfig database) {
        try {
            CronExpression.parse(database.backupSchedule());
        } catch (IllegalArgumentException e) {
            problems.add("DATABASE_BACKUP_SCHEDULE: " + e.getMessage());
        }
        positive(problems, "DATABASE_BACKUP_RETENTION_COUNT", database.backupRetentionCount());
        positive(problems, "DATABASE_CHANGE_CHECK_INTERVAL", database.changeCheckInterval().toMillis());
    }

    static void runners(List<String> problems, RunnerConfig runner) {
        if (!(runner.cpuLimit() > 0)) {
            problems.add("RUNNER_CPU_LIMIT: must be more than 0 (cores, like 0.5 or 2)");
        }
        if (runner.memoryLimit().asLongValue() < RunnerConfig.MIN_MEMORY_LIMIT) {
            problems.add("RUNNER_MEMORY_LIMIT: must be at least 32M");
        }
        positive(problems, "RUNNER_TMP_SIZE", runner.tmpSize().asLongValue());
        positive(problems, "RUNNER_NOFILE_LIMIT", runner.nofileLimit());
        positive(problems, "RUNNER_IMAGE_BUILD_TIMEOUT", runner.imageBuildTimeout().toSeconds());
    }

    static void managerLimits(List<String> problems, ManagerConfig.Limits limits) {
        positive(problems, "MANAGER_LIMITS_HELLO_TIMEOUT", limits.helloTimeout().toMillis());
        positive(problems, "MANAGER_LIMITS_HELLO_MAX_SIZE", limits.helloMaxSize().asLongValue());
        positive(problems, "MANAGER_LIMITS_MAX_UNAUTHENTICATED", limits.maxUnauthenticated());
        positive(problems, "MANAGER_LIMITS_MAX_CALLS_IN_FLIGHT", limits.maxCallsInFlight());
        positive(problems, "MANAGER_LIMITS_MAX_CALL_BYTES_IN_FLIGHT", limits.maxCallBytesInFlight().asLongValue());
        positive(problems, "MANAGER_LIMITS_WRITE_BUFFER", limits.writeBuffer().asLongValue());
        if (limits.maxQueued().asLongValue() <= limits.writeBuffer().asLongValue()) {
            problems.add("MANAGER_LIMITS_MAX_QUEUED: must be more than MANAGER_LIMITS_WRITE_BUFFER");
        }
    }

    private static void port(List<String> problems, String variable, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            problems.add(variable + ": must be a port number between " + (zeroAllowed ? 0 : 1) + " and 65535");
        }
    }

    private static void positive(List<String> problems, String variable, long value) {
        if (value < 1) {
            problems.add(variable + ": must be at least 1");
        }
    }

    /** Names every setting that is wrong. */
    public static final class InvalidConfigurationException extends RuntimeException {
        public InvalidConfigurationException(List<String> problems) {
            super("Invalid configuration: " + String.join("; ", problems));
        }
    }
}
