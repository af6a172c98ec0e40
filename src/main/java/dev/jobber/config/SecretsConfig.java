package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The key job secrets are encrypted with ({@code JOBBER_SECRET_*}). */
@ConfigMapping(prefix = "jobber.secret")
public interface SecretsConfig {

    /**
     * Base64 of 32 random bytes ({@code JOBBER_SECRET_KEY}), e.g. {@code openssl rand -base64 32}. When unset, a key
     * is generated into {@code $JOBBER_DATA_DIR/secret.key} on first start and read from there afterwards.
     */
    Optional<String> key();
}
