package dev.jobber.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an admin route checks before it runs. {@code resource} may name path parameters in braces
 * ({@code job/{jobId}}); an id is put in its canonical (lower-case) form, {@code {name|upper}} upper-cases the value.
 * Every admin route carries this,
 * {@link AnyCaller} or {@link Public}; a route with none of them is refused.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    String resource();

    PermissionAction action();

    /**
     * When true, the caller needs the action only on some resource the pattern matches; the route itself checks the
     * exact resource once it knows it (publishing learns the job from the archive).
     */
    boolean anyMatching() default false;
}
