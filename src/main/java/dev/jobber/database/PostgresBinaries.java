package dev.jobber.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import com.sun.security.auth.module.UnixSystem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs shipped in a Maven artifact, unpacked once per content into a private cache directory
 * ({@code jobber-postgres-<uid>} under the system's temporary directory, mode 0700, owned by this user) so that no
 * other local user can plant a program Jobber would run.
 */
final class PostgresBinaries {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PostgresBinaries() {
    }

    /**
     * The command line that runs {@code program} from {@code bin}: PostgreSQL refuses to run as root, so as root it
     * runs in a user namespace of its own ({@code unshare -U}), where it is an unprivileged user.
     */
    static List<String> command(Path bin, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Runs {@code program} from {@code bin} to its end (at most two minutes).
     *
     * @throws IllegalStateException when it fails, with its output
     */
    static void run(Path bin, String program, String... arguments) {
        List<String> command = command(bin, program, arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static boolean runsAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** The directory holding {@code bin/postgres}, {@code bin/initdb} and {@code bin/pg_ctl}. */
    static Path unpacked() {
        try {
            byte[] archive = archive();
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive), 0, 8);
            Path cache = privateDirectory(Path.of(System.getProperty("java.io.tmpdir"))
                    .resolve("jobber-postgres-" + System.getProperty("user.name")));
            Path target = cache.resolve(name);
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path partial = cache.resolve(name + "-" + UUID.randomUUID() + ".partial");
            extract(archive, partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // Another process unpacked the same binaries first.
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the embedded PostgreSQL programs", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] archive() throws IOException {
        String arch = ArchUtils.normalize(System.getProperty("os.arch"));
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch)) {
            return in.readAllBytes();
        }
    }

    /** Creates the cache directory 0700, or checks that an existing one is ours and closed to others. */
    private static Path privateDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        String user = System.getProperty("user.name");
        if (Files.isSymbolicLink(directory) || !Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName().equals(user)) {
            throw new IOException(directory + " is not a directory owned by " + user);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY);
        }
        return directory;
    }

    private static void extract(byte[] archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("The PostgreSQL archive holds an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*")) {
                        path.toFile().setExecutable(true, true);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover partial directory is harmless; it is never used
        }
    }
}
