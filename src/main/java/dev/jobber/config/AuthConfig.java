package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

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
}
