package dev.jobber.auth;

import dev.jobber.config.StartupConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * Creates the administrator ({@code STARTUP_USERNAME}, all permissions) when no user of that name exists, and never
 * touches it afterwards. Without {@code STARTUP_PASSWORD} a random password is generated and printed once.
 */
@ApplicationScoped
public class StartupAdministrator {

    private static final Logger LOG = Logger.getLogger(StartupAdministrator.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final StartupConfig config;
    private final AuthRepository repository;
    private final UserService users;

    public StartupAdministrator(StartupConfig config, AuthRepository repository, UserService users) {
        this.config = config;
        this.repository = repository;
        this.users = users;
    }

    void create(@Observes StartupEvent event) {
        if (repository.userByName(config.username()).isPresent()) {
            return;
        }
        String password = config.password().filter(p -> !p.isEmpty()).orElseGet(StartupAdministrator::generate);
        try {
            users.create(config.username(), password, Permissions.ALL);
        } catch (dev.jobber.common.ConflictException e) {
            return; // another instance created it first
        }
        if (config.password().filter(p -> !p.isEmpty()).isPresent()) {
            LOG.infof("Created the administrator '%s' with the password from STARTUP_PASSWORD", config.username());
        } else {
            LOG.warnf("Created the administrator '%s' with the generated password %s (shown only now; set "
                    + "STARTUP_PASSWORD to choose one, and change it after signing in)", config.username(), password);
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
