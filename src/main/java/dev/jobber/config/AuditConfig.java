package dev.jobber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The audit log of admin changes ({@code AUDIT_*}). */
@ConfigMapping(prefix = "audit")
public interface AuditConfig {

    /** How long audit entries are kept ({@code AUDIT_RETENTION}); older ones are deleted periodically. */
    @WithDefault("90d")
    Duration retention();

    /**
     * Refused requests recorded per minute for one client address (anonymous callers) or one caller
     * ({@code AUDIT_DENIED_PER_MINUTE}); further ones are only counted. Anonymous refusals from all addresses
     * together are recorded at most ten times this.
     */
    @WithDefault("30")
    int deniedPerMinute();
}
