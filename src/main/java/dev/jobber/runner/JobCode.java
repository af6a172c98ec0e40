package dev.jobber.runner;

import dev.jobber.job.archive.ArchiveStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.FileHeader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Gets a job's code into a container without bind mounts: each archive is converted once into a tar of its files,
 * owned by root and readable by all (the runner user reads the code but cannot change it), cached under the data
 * directory, and copied into {@link #JOB_DIR} of every new container of that version. The archive's hash is verified
 * before conversion.
 */
final class JobCode {

    static final int RUNNER_UID = 1000;
    /** The runner user; a job cannot change it. */
    static final String RUNNER_USER = RUNNER_UID + ":" + RUNNER_UID;
    /** Where the code goes: the runner's working directory. */
    static final String JOB_DIR = "/jobber/job";
    /** Where the credentials go (docs/runner-protocol.md). */
    static final String RUN_DIR = "/jobber/run";

    private final ArchiveStore archives;
    private final Path cache;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    JobCode(ArchiveStore archives, Path cache) {
        this.archives = archives;
        this.cache = cache;
    }

    /** The tar of an archive's code, built on first use. */
    Path tar(String sha256) {
        Path target = cache.resolve(sha256 + ".code.tar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        synchronized (locks.computeIfAbsent(sha256, k -> new Object())) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            try {
                archives.verify(sha256);
                Files.createDirectories(cache);
                Path temporary = cache.resolve(sha256 + "." + UUID.randomUUID() + ".tmp");
                try {
                    try (OutputStream out = Files.newOutputStream(temporary);
                            TarArchiveOutputStream tar = tarStream(out);
                            ZipFile zip = new ZipFile(archives.path(sha256).toFile())) {
                        for (FileHeader header : zip.getFileHeaders()) {
                            String name = header.getFileName().replace('\\', '/');
                            if (header.isDirectory()) {
                                directory(tar, name.endsWith("/") ? name : name + "/");
                                continue;
                            }
                            TarArchiveEntry entry = new TarArchiveEntry(name);
                            entry.setSize(header.getUncompressedSize());
                            entry.setMode(0100644);
                            tar.putArchiveEntry(entry);
                            try (InputStream in = zip.getInputStream(header)) {
                                in.transferTo(tar);
                            }
                            tar.closeArchiveEntry();
                        }
                    }
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare the code of archive " + sha256 + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** A tar holding the runner's credentials file (for {@link #RUN_DIR}), readable only by the runner user. */
    static byte[] credentials(String json) {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = tarStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry("credentials.json");
            entry.setSize(content.length);
            entry.setMode(0100400);
            entry.setUserId(RUNNER_UID);
            entry.setGroupId(RUNNER_UID);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
