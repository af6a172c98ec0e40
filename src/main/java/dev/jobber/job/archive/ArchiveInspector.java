package dev.jobber.job.archive;

import dev.jobber.common.PayloadTooLargeException;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.model.FileHeader;

/**
 * Checks an uploaded zip without extracting it: size, entry count, entry names (absolute, {@code ..}, symbolic
 * links), expanded size measured by actually inflating every entry (so lying headers cannot hide a zip bomb), entry
 * integrity, and the presence of {@code package.json} at the root. Memory use is bounded by a small buffer and the
 * manifest's size limit. Stateless.
 */
public final class ArchiveInspector {

    public static final String MANIFEST = "package.json";
    static final int MAX_MANIFEST_SIZE = 1024 * 1024;
    private static final int MAX_REPORTED_NAMES = 10;
    private static final int UNIX_FILE_TYPE_MASK = 0xF000;
    private static final int UNIX_SYMLINK = 0xA000;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_RECORD = 22;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR = 20;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    /** Bytes of a zip64 end of central directory record after its signature and size fields. */
    private static final int ZIP64_END_FIXED = 44;
    static final int MAX_ZIP64_EXTENSIBLE_DATA = 64 * 1024;

    private final ArchiveLimits limits;

    public ArchiveInspector(ArchiveLimits limits) {
        this.limits = limits;
    }

    /**
     * @throws PayloadTooLargeException when the file is larger than the archive limit
     * @throws ValidationException      naming every problem found
     */
    public InspectedArchive inspect(Path file) {
        long size = sizeOf(file);
        if (size > limits.maxSize()) {
            throw new PayloadTooLargeException("The archive is " + size + " bytes; at most " + limits.maxSize()
                    + " are allowed");
        }
        if (size == 0) {
            throw invalid("is not a zip file (it is empty)"); // zip4j would read it as a zip without entries
        }
        checkEndRecords(file, size);
        String sha256 = sha256(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<FileHeader> headers = headers(zip);
            checkEntries(headers);
            return inflateAll(zip, headers, sha256, size);
        } catch (IOException e) {
            throw invalid("could not be read as a zip file: " + e.getMessage());
        }
    }

    /**
     * Reads the last 64 KiB once, where zip4j looks for the end of central directory record (seeking back a byte at a
     * time, two system calls each), and refuses a file without one before zip4j searches. zip4j also allocates the
     * extensible data of a zip64 end of central directory record at the size the record declares (up to 2 GiB) before
     * reading it, so a small upload could exhaust the heap: the record behind every end signature is checked too.
     */
    private static void checkEndRecords(Path file, long size) {
        int tailLength = (int) Math.min(size, ZIP64_LOCATOR + 0x10000 + END_RECORD);
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            boolean found = false;
            for (int end = tailLength - END_RECORD; end >= 0; end--) {
                if (tail.getInt(end) != END_SIGNATURE) {
                    continue;
                }
                found = true;
                if (end < ZIP64_LOCATOR || tail.getInt(end - ZIP64_LOCATOR) != ZIP64_LOCATOR_SIGNATURE) {
                    continue;
                }
                long recordOffset = tail.getLong(end - ZIP64_LOCATOR + 8);
                if (recordOffset < 0 || recordOffset > size - 12) {
                    continue; // zip4j refuses it without allocating
                }
                ByteBuffer record = read(channel, recordOffset, 12);
                long declared = record.getLong(4);
                if (record.getInt(0) == ZIP64_END_SIGNATURE
                        && (declared < 0 || declared - ZIP64_END_FIXED > MAX_ZIP64_EXTENSIBLE_DATA)) {
                    throw invalid("has a zip64 end of central directory record declaring " + Long.toUnsignedString(
                            declared) + " bytes; at most " + (ZIP64_END_FIXED + MAX_ZIP64_EXTENSIBLE_DATA)
                            + " are allowed");
                }
            }
            if (!found) {
                throw invalid("is not a zip file (it has no end of central directory record)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // a file shorter than its size said leaves zeros, which match no signature
        }
        return buffer;
    }

    private static List<FileHeader> headers(ZipFile zip) {
        try {
            if (!zip.isValidZipFile()) {
                throw invalid("is not a zip file");
            }
            return zip.getFileHeaders();
        } catch (ZipException e) {
            throw invalid("is not a zip file (" + e.getMessage() + ")");
        }
    }

    private void checkEntries(List<FileHeader> headers) {
        if (headers.size() > limits.maxEntries()) {
            throw invalid("has " + headers.size() + " entries; at most " + limits.maxEntries() + " are allowed");
        }
        List<FieldError> errors = new ArrayList<>();
        long declared = 0;
        for (FileHeader header : headers) {
            String name = header.getFileName();
            nameProblem(name).ifPresent(problem -> errors.add(entryError(name, problem)));
            if (isSymlink(header)) {
                errors.add(entryError(name, "is a symbolic link; archives may hold only files and directories"));
            }
            if (header.isEncrypted()) {
                errors.add(entryError(name, "is encrypted"));
            }
            declared += Math.max(0, header.getUncompressedSize());
            if (errors.size() >= MAX_REPORTED_NAMES) {
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException("Invalid archive", errors);
        }
        if (declared > limits.maxUncompressedSize()) {
            throw tooLargeExpanded(declared);
        }
    }

    private InspectedArchive inflateAll(ZipFile zip, List<FileHeader> headers, String sha256, long size)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] manifest = null;
        Set<String> files = new HashSet<>();
        long total = 0;
        for (FileHeader header : headers) {
            if (header.isDirectory()) {
                continue;
            }
            String name = header.getFileName();
            boolean isManifest = name.equals(MANIFEST);
            ByteArrayOutputStream manifestBytes = isManifest ? new ByteArrayOutputStream() : null;
            long entryBytes = 0;
            try (InputStream in = zip.getInputStream(header)) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    entryBytes += n;
                    total += n;
                    if (total > limits.maxUncompressedSize()) {
                        throw tooLargeExpanded(total);
                    }
                    if (entryBytes > header.getUncompressedSize()) {
                        throw new ValidationException("Invalid archive", List.of(entryError(name,
                                "expands beyond the size its header declares (" + header.getUncompressedSize() + ")")));
                    }
                    if (manifestBytes != null) {
                        if (entryBytes > MAX_MANIFEST_SIZE) {
                            throw invalid(MANIFEST + " is larger than " + MAX_MANIFEST_SIZE + " bytes");
                        }
                        manifestBytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // a CRC mismatch arrives as a ZipException, damaged deflate data as a plain IOException
                throw new ValidationException("Invalid archive", List.of(entryError(name, "is corrupt: "
                        + e.getMessage())));
            }
            files.add(name);
            if (manifestBytes != null) {
                manifest = manifestBytes.toByteArray();
            }
        }
        if (manifest == null) {
            throw invalid("has no " + MANIFEST + " at its root");
        }
        return new InspectedArchive(sha256, size, manifest, Set.copyOf(files));
    }

    /** Why an entry name is unsafe to extract, if it is. */
    static java.util.Optional<String> nameProblem(String name) {
        if (name.isEmpty() || name.indexOf('\u0000') >= 0) {
            return java.util.Optional.of("has an empty or NUL-containing name");
        }
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            return java.util.Optional.of("has an absolute path");
        }
        for (String segment : normalized.split("/")) {
            if (segment.equals("..")) {
                return java.util.Optional.of("contains '..' and could escape the archive's directory");
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean isSymlink(FileHeader header) {
        byte[] attributes = header.getExternalFileAttributes();
        if (attributes == null || attributes.length < 4) {
            return false;
        }
        int unixMode = ((attributes[3] & 0xFF) << 8) | (attributes[2] & 0xFF);
        return (unixMode & UNIX_FILE_TYPE_MASK) == UNIX_SYMLINK;
    }

    private ValidationException tooLargeExpanded(long bytes) {
        return invalid("expands to more than " + limits.maxUncompressedSize() + " bytes (at least " + bytes
                + "); a zip bomb or a too large job");
    }

    private static FieldError entryError(String name, String problem) {
        return new FieldError("archive", "entry \"" + name + "\" " + problem);
    }

    private static ValidationException invalid(String problem) {
        return new ValidationException("Invalid archive", List.of(new FieldError("archive", problem)));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
