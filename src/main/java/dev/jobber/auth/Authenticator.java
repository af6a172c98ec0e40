package dev.jobber.auth;

import dev.jobber.auth.AuthRepository.Credential;
import dev.jobber.common.ForbiddenException;
import dev.jobber.common.UnauthorizedException;
import dev.jobber.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Sign-in with username and password, sessions, and finding the caller behind a session or token secret. */
@ApplicationScoped
public class Authenticator {

    public static final Duration SESSION_LIFETIME = Duration.ofHours(24);
    static final String SESSION_PREFIX = "jbs_";
    static final String TOKEN_PREFIX = "jbt_";

    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuthConfig config;
    private final AuthNotes audit;
    private final String unknownUserHash;

    public Authenticator(AuthRepository repository, PasswordHasher hasher, LoginThrottle throttle, AuthConfig config,
            AuthNotes audit) {
        this.repository = repository;
        this.hasher = hasher;
        this.throttle = throttle;
        this.config = config;
        this.audit = audit;
        this.unknownUserHash = hasher.hash(Secrets.generate(""));
    }

    /** A new session: its secret goes into the cookie, only its hash is stored. */
    public record NewSession(String secret, Instant expires, User user) {
    }

    /**
     * Signs a user in, after the delay recent failures of the username or address call for (a timer: no thread
     * waits); the password is checked on a worker thread.
     *
     * @throws ForbiddenException when public login is disabled
     * @throws UnauthorizedException (as the failure of the answer) when the username or password is wrong or the
     *         user is disabled
     */
    public Uni<NewSession> login(String username, String password, String address) {
        if (!config.publicLoginEnabled()) {
            throw new ForbiddenException("Password login is disabled (AUTH_PUBLIC_LOGIN_ENABLED)");
        }
        audit.signInAttempt(username);
        LoginThrottle.Attempt attempt = throttle.reserve(username, address);
        Uni<Void> wait = Uni.createFrom().voidItem();
        if (!attempt.delay().isZero()) {
            wait = wait.onItem().delayIt().onExecutor(Infrastructure.getDefaultWorkerPool()).by(attempt.delay());
        }
        return wait.emitOn(Infrastructure.getDefaultWorkerPool()).map(ignored -> verify(attempt, password));
    }

    private NewSession verify(LoginThrottle.Attempt attempt, String password) {
        Optional<User> user = repository.userByName(attempt.username());
        // Hash even for unknown users, so the answer time does not tell which usernames exist.
        boolean valid = hasher.matches(password, user.map(User::passwordHash).orElse(unknownUserHash));
        if (user.isEmpty() || !valid || !user.get().enabled()) {
            audit.changed("auth.login-failed", null);
            throw new UnauthorizedException("Invalid username or password");
        }
        throttle.succeeded(attempt);
        NewSession session = startSession(user.get());
        audit.changed("auth.login", "users/" + user.get().id());
        return session;
    }

    public NewSession startSession(User user) {
        repository.deleteExpiredSessions();
        String secret = Secrets.generate(SESSION_PREFIX);
        Instant now = Instant.now();
        Instant expires = now.plus(SESSION_LIFETIME);
        repository.insertSession(UUID.randomUUID(), Secrets.hash(secret), user.id(), now, expires);
        audit.caller(user.id(), user.username());
        return new NewSession(secret, expires, user);
    }

    public void logout(String sessionSecret) {
        byte[] hash = Secrets.hash(sessionSecret);
        repository.session(hash).ifPresent(ended -> {
            audit.caller(ended.user().id(), ended.user().username());
            audit.changed("auth.logout", "users/" + ended.user().id());
        });
        repository.deleteSession(hash);
    }

    /** The caller behind a session cookie, or else behind a bearer token; empty when neither is valid. */
    public Optional<Caller> authenticate(Optional<String> sessionSecret, Optional<String> bearer) {
        Optional<Caller> session = sessionSecret.flatMap(s -> repository.session(Secrets.hash(s)))
                .map(Authenticator::sessionCaller);
        if (session.isPresent()) {
            return session;
        }
        return bearer.flatMap(t -> repository.token(Secrets.hash(t))).map(Authenticator::tokenCaller);
    }

    private static Caller sessionCaller(Credential c) {
        return Caller.session(c.user().id(), c.user().username(), c.id(), c.expires(), c.user().permissions());
    }

    private static Caller tokenCaller(Credential c) {
        ApiToken token = c.token().orElseThrow();
        return Caller.token(c.user().id(), c.user().username(), token.id(), token.expires(), token.permissions(),
                c.user().permissions());
    }
}
