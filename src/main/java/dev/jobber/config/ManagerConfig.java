package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The runner-manager socket ({@code MANAGER_*}). */
@ConfigMapping(prefix = "manager")
public interface ManagerConfig {

    /** Host name runners use to reach the manager ({@code MANAGER_HOST}); the machine's host name when unset. */
    Optional<String> host();

    /** Port of the manager socket ({@code MANAGER_PORT}). */
    @WithDefault("5211")
    int port();

    /** Interface the manager socket binds ({@code MANAGER_BIND_HOST}). */
    @WithDefault("0.0.0.0")
    String bindHost();
}
