package dev.jobber.auth;

import dev.jobber.common.ConflictException;
import dev.jobber.common.Fields;
import dev.jobber.common.ForbiddenException;
import dev.jobber.common.NotFoundException;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users. Nobody can create or change a user so that it holds a permission its author lacks, and nobody can change a
 * user (its password, say) who holds permissions its author lacks.
 */
@ApplicationScoped
public class UserService {

    static final int USERNAME_MIN = 3;
    static final int USERNAME_MAX = 32;
    static final int PASSWORD_MIN = 7;
    static final int PASSWORD_MAX = 1024;

    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final AuthNotes audit;

    public UserService(AuthRepository repository, PasswordHasher hasher, AuthNotes audit) {
        this.repository = repository;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** Requested changes; empty fields stay as they are. */
    public record Changes(Optional<String> username, Optional<String> password, Optional<Permissions> permissions,
            Optional<Boolean> enabled) {
    }

    public List<User> list(Caller caller) {
        return repository.users().stream()
                .filter(u -> caller.allows("users/" + u.id(), PermissionAction.READ)).toList();
    }

    public User get(UUID id) {
        return repository.user(id).orElseThrow(() -> new NotFoundException("User not found: " + id));
    }

    /** Creates a user; the caller must hold every permission it grants. */
    public User create(Caller caller, String username, String password, Permissions permissions) {
        requireGrantable(caller, permissions);
        return create(username, password, permissions);
    }

    /** Creates a user without an author (startup administrator, public registration). */
    public User create(String username, String password, Permissions permissions) {
        validate(Optional.of(username), Optional.of(password));
        Instant now = Instant.now();
        User user = new User(UUID.randomUUID(), username, hasher.hash(password), permissions, true, now, now);
        if (!repository.insert(user)) {
            throw new ConflictException("Username already exists: " + username);
        }
        audit.changed("user.created", "users/" + user.id(), null, auditState(user));
        return user;
    }

    public User update(Caller caller, UUID id, Changes changes) {
        validate(changes.username(), changes.password());
        User user = get(id);
        requireGrantable(caller, user.permissions());
        requireField(caller, user, "username", changes.username().isPresent());
        requireField(caller, user, "password", changes.password().isPresent());
        requireField(caller, user, "permissions", changes.permissions().isPresent());
        changes.permissions().ifPresent(p -> requireGrantable(caller, p));
        User changed = new User(user.id(), changes.username().orElse(user.username()),
                changes.password().map(hasher::hash).orElse(user.passwordHash()),
                changes.permissions().orElse(user.permissions()), changes.enabled().orElse(user.enabled()),
                user.created(), Instant.now());
        if (!repository.save(changed)) {
            throw new ConflictException("Username already exists: " + changed.username());
        }
        if (changes.password().isPresent()) {
            repository.deleteSessionsOf(id);
        }
        audit.changed("user.updated", "users/" + id, Fields.of("before", auditState(user), "after",
                auditState(changed), "passwordChanged", changes.password().isPresent()));
        return changed;
    }

    public void delete(Caller caller, UUID id) {
        User user = get(id);
        requireGrantable(caller, user.permissions());
        repository.deleteUser(id);
        audit.changed("user.deleted", "users/" + id, auditState(user), null);
    }

    /** What the audit log shows of a user: never the password or its hash. */
    private static Map<String, Object> auditState(User user) {
        return Fields.of("id", user.id(), "username", user.username(), "permissions",
                user.permissions().toJson(), "enabled", user.enabled());
    }

    private static void requireField(Caller caller, User user, String field, boolean changed) {
        if (changed && !caller.allows("users/" + user.id() + "/" + field, PermissionAction.WRITE)) {
            throw new ForbiddenException("Not permitted: write on users/" + user.id() + "/" + field);
        }
    }

    static void requireGrantable(Caller caller, Permissions permissions) {
        if (!caller.grants(permissions)) {
            throw new ForbiddenException("Not permitted: the permissions include some you do not hold yourself");
        }
    }

    static void validate(Optional<String> username, Optional<String> password) {
        List<FieldError> errors = new ArrayList<>();
        username.ifPresent(u -> {
            if (u.length() < USERNAME_MIN || u.length() > USERNAME_MAX || !u.chars().allMatch(c -> c > 32 && c != 127)) {
                errors.add(new FieldError("username", "must be " + USERNAME_MIN + " to " + USERNAME_MAX
                        + " characters without spaces or control characters"));
            }
        });
        password.ifPresent(p -> {
            if (p.length() < PASSWORD_MIN || p.length() > PASSWORD_MAX) {
                errors.add(new FieldError("password", "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX
                        + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid user", errors);
        }
    }
}
