package dev.jobber.instance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * This instance's readiness checks (the database's connections, the container engine, any other) as the panel shows
 * them: {@code up} when every check is, else {@code degraded}. Each check runs on the calling thread.
 */
@ApplicationScoped
public class InstanceHealth {

    /** One check: {@code name} in camel case ({@code database}, {@code containerEngine}), {@code status} up or down. */
    public record Check(String name, String status, String message) {
    }

    public record Health(String status, List<Check> checks) {
    }

    private final Instance<HealthCheck> readiness;

    public InstanceHealth(@Readiness Instance<HealthCheck> readiness) {
        this.readiness = readiness;
    }

    public Health check() {
        List<Check> checks = new ArrayList<>();
        for (HealthCheck check : readiness) {
            checks.add(of(check));
        }
        boolean up = checks.stream().allMatch(c -> c.status().equals("up"));
        return new Health(up ? "up" : "degraded", checks);
    }

    private static Check of(HealthCheck check) {
        HealthCheckResponse response;
        try {
            response = check.call();
        } catch (RuntimeException e) {
            return new Check(check.getClass().getSimpleName(), "down", "the check failed: " + e.getMessage());
        }
        String status = response.getStatus() == HealthCheckResponse.Status.UP ? "up" : "down";
        Map<String, Object> data = response.getData().orElse(Map.of());
        String message = data.isEmpty() ? status : data.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        return new Check(name(response.getName()), status, message);
    }

    /** {@code Database connections health check} is {@code database}; other names become camel case. */
    static String name(String name) {
        if (name.toLowerCase(Locale.ROOT).startsWith("database")) {
            return "database";
        }
        String[] words = name.trim().split("[^A-Za-z0-9]+");
        StringBuilder camel = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            camel.append(camel.isEmpty() ? word.toLowerCase(Locale.ROOT)
                    : Character.toUpperCase(word.charAt(0)) + word.substring(1).toLowerCase(Locale.ROOT));
        }
        return camel.toString();
    }
}
