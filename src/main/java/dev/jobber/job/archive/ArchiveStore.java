package dev.jobber.job.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Job archives on disk, addressed by their sha256: {@code <root>/<first two hex digits>/<sha256>.zip}. Files are
 * written atomically and never modified; reading one back verifies its hash.
 */
public final class ArchiveStore {

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final Path root;

    public ArchiveStore(Path root) {
        this.root = root;
    }

    public Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".zip");
    }

    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /**
     * Stores {@code source} (whose hash the caller computed) unless an archive with that hash is already stored; the
     * source file is left in place.
     *
     * @return whether this call created the stored file
     */
    public boolean put(Path source, String sha256) {
        Path target = path(sha256);
        if (Files.isRegularFile(target)) {
            return false;
        }
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, source); // atomic, and never replaces a file stored meanwhile
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException | UnsupportedOperationException e) {
                return copy(source, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store archive " + sha256, e);
        }
    }

    /** Where links are not possible: copy under a temporary name, then rename without replacing. */
    private static boolean copy(Path source, Path target) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.copy(source, temporary);
            Files.move(temporary, target);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Opens a stored archive; reading it to the end throws {@link CorruptArchiveException} if its hash differs. */
    public InputStream open(String sha256) throws IOException {
        return new VerifyingInputStream(Files.newInputStream(path(sha256)), sha256);
    }

    /** Reads a stored archive whole and checks its hash. */
    public void verify(String sha256) throws IOException {
        try (InputStream in = open(sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    public void delete(String sha256) {
        try {
            Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete archive " + sha256, e);
        }
    }

    /** A stored archive whose content no longer matches its hash. */
    public static final class CorruptArchiveException extends IOException {
        public CorruptArchiveException(String message) {
            super(message);
        }
    }

    private static final class VerifyingInputStream extends FilterInputStream {
        private final MessageDigest digest;
        private final String expected;
        private boolean checked;

        VerifyingInputStream(InputStream in, String expected) {
            super(in);
            this.expected = expected;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            } else if (n == -1 && !checked) {
                checked = true;
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expected)) {
                    throw new CorruptArchiveException("Archive " + expected + " is corrupt: its content hashes to "
                            + actual);
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skipping would bypass hash verification");
        }
    }
}
