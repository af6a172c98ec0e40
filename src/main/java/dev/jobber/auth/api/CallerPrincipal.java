package dev.jobber.auth.api;

import dev.jobber.auth.Caller;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The authenticated caller, as the JAX-RS security context carries it to the resources. */
public record CallerPrincipal(Caller caller) implements Principal {

    /** Request property holding the authenticated caller, also when the access filter refused the request. */
    public static final String PROPERTY = "dev.jobber.caller";

    @Override
    public String getName() {
        return caller.username();
    }

    /** The caller of a request that passed the access filter. */
    public static Caller of(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof CallerPrincipal principal) {
            return principal.caller();
        }
        throw new IllegalStateException("No authenticated caller on this request");
    }
}
