package dev.jobber.environment;

import dev.jobber.config.ConfigValidator.InvalidConfigurationException;
import dev.jobber.config.JobberConfig;
import dev.jobber.config.SecretsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Owns the key job secrets are encrypted with: {@code JOBBER_SECRET_KEY}, else {@code $JOBBER_DATA_DIR/secret.key}
 * (generated on first start). At startup the key must decrypt the check value stored with the first key used on
 * this database; otherwise startup stops, since no secret could be read.
 */
@ApplicationScoped
public class SecretKeys {

    private static final Logger LOG = Logger.getLogger(SecretKeys.class);
    static final String VARIABLE = "JOBBER_SECRET_KEY";
    static final String KEY_FILE = "secret.key";
    private static final byte[] CHECK_PLAINTEXT = "jobber secret key check".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECK_CONTEXT = "secret_key_check".getBytes(StandardCharsets.UTF_8);

    private final SecretsConfig config;
    private final JobberConfig jobber;
    private final DataSource dataSource;
    private volatile SecretCipher cipher;

    public SecretKeys(SecretsConfig config, JobberConfig jobber, DataSource dataSource) {
        this.config = config;
        this.jobber = jobber;
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(3) StartupEvent event) {
        cipher();
    }

    /** The cipher of the configured key, checked against the database on first use. */
    public SecretCipher cipher() {
        SecretCipher current = cipher;
        if (current == null) {
            synchronized (this) {
                if (cipher == null) {
                    byte[] key = config.key().map(SecretKeys::parseKey)
                            .orElseGet(() -> readOrCreate(jobber.dataDir().resolve(KEY_FILE)));
                    SecretCipher candidate = new SecretCipher(key);
                    checkAgainstDatabase(candidate);
                    cipher = candidate;
                }
                current = cipher;
            }
        }
        return current;
    }

    /** @throws InvalidConfigurationException naming {@code JOBBER_SECRET_KEY} unless it is base64 of 32 bytes */
    static byte[] parseKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(List.of(VARIABLE + ": must be base64, e.g. from "
                    + "\"openssl rand -base64 32\""));
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new InvalidConfigurationException(List.of(VARIABLE + ": must encode " + SecretCipher.KEY_BYTES
                    + " bytes, got " + key.length));
        }
        return key;
    }

    /** Reads the key file, or creates it (mode 0600) with a new random key and warns that it must be backed up. */
    static byte[] readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return parseKeyFile(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[SecretCipher.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                return parseKeyFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
            LOG.warnf("Generated the secret key for job secrets in %s. Back it up (or set %s): without it the "
                    + "secrets stored in the database cannot be decrypted.", file.toAbsolutePath(), VARIABLE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key file " + file, e);
        }
    }

    private static byte[] parseKeyFile(Path file) throws IOException {
        try {
            return parseKey(Files.readString(file));
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(List.of("the secret key file " + file.toAbsolutePath()
                    + " is damaged: it must hold base64 of " + SecretCipher.KEY_BYTES + " bytes"));
        }
    }

    /** Stores the check value on first use; afterwards the key must decrypt it. */
    private void checkAgainstDatabase(SecretCipher candidate) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<byte[]> stored = Optional.empty();
            try (PreparedStatement select = connection.prepareStatement(
                    "select ciphertext from secret_key_check where id = 1");
                    ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    stored = Optional.of(rs.getBytes(1));
                }
            }
            if (stored.isPresent()) {
                verify(candidate, stored.get());
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into secret_key_check (id, ciphertext, created) values (1, ?, ?) on conflict do nothing")) {
                insert.setBytes(1, checkValue(candidate));
                insert.setObject(2, java.sql.Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the secret key against the database: " + e.getMessage(), e);
        }
    }

    static byte[] checkValue(SecretCipher candidate) {
        return candidate.encrypt(CHECK_PLAINTEXT, CHECK_CONTEXT);
    }

    /** @throws WrongSecretKeyException when the key is not the one the database's secrets were encrypted with */
    static void verify(SecretCipher candidate, byte[] storedCheck) {
        try {
            candidate.decrypt(storedCheck, CHECK_CONTEXT);
        } catch (SecretCipher.WrongKeyException e) {
            throw new WrongSecretKeyException();
        }
    }

    /** The configured key is not the one the stored secrets were encrypted with. */
    public static final class WrongSecretKeyException extends RuntimeException {
        WrongSecretKeyException() {
            super("Wrong secret key: the job secrets in the database were encrypted with another key. Set "
                    + VARIABLE + " (or restore " + KEY_FILE + " in the data directory) to the key used before.");
        }
    }
}
