package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Public sign-up and login ({@code AUTH_*}). */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** Anyone may register an account without permissions ({@code AUTH_PUBLIC_REGISTRATION_ENABLED}). */
    @WithDefault("false")
    @WithConverter(LenientBooleanConverter.class)
    boolean publicRegistrationEnabled();

    /** Password login is open ({@code AUTH_PUBLIC_LOGIN_ENABLED}); false answers 403 to logins. */
    @WithDefault("true")
    @WithConverter(LenientBooleanConverter.class)
    boolean publicLoginEnabled();

    /** Wait before checking a password after the first recent failure ({@code AUTH_LOGIN_DELAY_INITIAL}); doubles. */
    @WithDefault("250ms")
    Duration loginDelayInitial();

    /** Longest wait before checking a password ({@code AUTH_LOGIN_DELAY_MAX}). */
    @WithDefault("10s")
    Duration loginDelayMax();

    /**
     * Proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers name the client address, as addresses or CIDR
     * ranges ({@code AUTH_TRUSTED_PROXIES}, comma list); none by default, so the peer address counts.
     */
    Optional<List<String>> trustedProxies();
}
