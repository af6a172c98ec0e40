package dev.jobber.runner.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a Docker build context as a tar stream: files and directories with explicit modes, owned by root unless told
 * otherwise, parent directories added as they are first needed (mode 0755), file contents streamed from disk.
 */
final class ContextTar implements AutoCloseable {

    private final TarArchiveOutputStream tar;
    private final Set<String> directories = new HashSet<>();

    ContextTar(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A directory (and its missing parents) with {@code mode} and owner {@code uid:uid}. */
    ContextTar directory(String path, int mode, int uid) throws IOException {
        parents(path);
        if (directories.add(path)) {
            TarArchiveEntry entry = new TarArchiveEntry(path + "/");
            entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
            entry.setIds(uid, uid);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        return this;
    }

    /** A root-owned file holding {@code text}. */
    ContextTar file(String path, String text, int mode) throws IOException {
        return file(path, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** A root-owned file holding {@code data}. */
    ContextTar file(String path, byte[] data, int mode) throws IOException {
        parents(path);
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(data.length);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    /** A root-owned file holding what {@code source} holds (symbolic links followed). */
    ContextTar file(String path, Path source, int mode) throws IOException {
        parents(path);
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(Files.size(source));
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
        return this;
    }

    private void parents(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0 && !directories.contains(path.substring(0, slash))) {
            directory(path.substring(0, slash), 0755, 0);
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
