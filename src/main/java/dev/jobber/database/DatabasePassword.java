package dev.jobber.database;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL's superuser password: 256 random bits kept in {@code <data directory>.password} with mode
 * 0600. A new cluster is created with it (initdb, SCRAM); a cluster created before passwords existed gets one set in
 * single-user mode, with no listener open while that happens.
 */
final class DatabasePassword {

    private static final Logger LOG = Logger.getLogger(DatabasePassword.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabasePassword() {
    }

    /** The password of the cluster in {@code data}, creating the cluster or setting its password when needed. */
    static String ensure(Path bin, Path data) throws IOException {
        Path file = data.resolveSibling(data.getFileName() + ".password");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            String password = generate();
            write(file, password);
            PostgresBinaries.run(bin, "initdb", "-D", data.toString(), "-U", "postgres", "--auth=scram-sha-256",
                    "--pwfile=" + file, "-E", "UTF-8");
            return password;
        }
        if (Files.exists(file)) {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                return password;
            }
        }
        LOG.infof("Setting a password on the embedded PostgreSQL in %s; it is kept in %s", data, file);
        String password = generate();
        setInSingleUserMode(bin, data, password);
        write(file, password);
        return password;
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String password) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, password + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The password is base64url, so it needs no quoting. */
    private static void setInSingleUserMode(Path bin, Path data, String password) {
        try {
            Process process = new ProcessBuilder(PostgresBinaries.command(bin, "postgres", "--single", "-D",
                    data.toString(), "-c", "listen_addresses=", "-c", "unix_socket_directories=", "postgres"))
                    .redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(("ALTER ROLE postgres PASSWORD '" + password + "'\n").getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR")) {
                throw new IllegalStateException("Could not set the embedded PostgreSQL's password: "
                        + output.replace(password, "…").strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
