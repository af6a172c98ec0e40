package dev.jobber.database.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backups in a directory: {@code jobber-backup-<UTC time>.zip}, named so that name order is age order, and kept
 * to a count by deleting the oldest.
 */
public final class BackupFiles {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("jobber-backup-\\d{8}T\\d{6}\\.\\d{3}Z\\.zip");
    static final String PARTIAL = ".partial";
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;

    public BackupFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Creates the directory, readable only by its owner (0700), unless it exists. */
    public void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix(parent)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
            Files.createDirectory(directory);
        }
    }

    /** Creates an empty file only its owner may read and write (0600), replacing any file of that name. */
    static void createPrivateFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (posix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path directory) throws IOException {
        return directory != null && Files.getFileStore(directory).supportsFileAttributeView("posix");
    }

    /** Where a backup taken at {@code time} goes. */
    public Path fileFor(Instant time) {
        return directory.resolve("jobber-backup-" + TIME.format(time) + ".zip");
    }

    /** The backups, oldest first; files of other names are not backups. */
    public List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the backups in " + directory, e);
        }
    }

    /** Deletes the oldest backups beyond {@code keep}, and unfinished ones; answers the deleted files. */
    public List<Path> prune(int keep) {
        List<Path> backups = list();
        List<Path> deleted = new ArrayList<>();
        try {
            for (Path old : backups.subList(0, Math.max(0, backups.size() - keep))) {
                if (Files.deleteIfExists(old)) {
                    deleted.add(old);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete an old backup in " + directory, e);
        }
        return deleted;
    }

    /** Removes what an interrupted backup left; only one backup is written at a time. */
    void removeUnfinished() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(PARTIAL)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
