package dev.jobber.job.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobber.common.PayloadTooLargeException;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveInspectorTest {

    private static final String MANIFEST = "{\"name\":\"hello\",\"version\":\"1.0.0\",\"main\":\"./index.js\"}";
    /** 64 KiB uploaded, 256 KiB expanded, 20 entries. */
    private static final ArchiveLimits LIMITS = new ArchiveLimits(64 * 1024, 256 * 1024, 20);

    @TempDir
    Path dir;

    private final ArchiveInspector inspector = new ArchiveInspector(LIMITS);

    @Test
    void inspectsValidArchive() throws IOException {
        Path file = job().directory("lib/").file("lib/util.js", "exports.x = 1;")
                .directory("node_modules/dep/").file("node_modules/dep/index.js", "module.exports = 2;")
                .writeTo(dir.resolve("job.zip"));

        InspectedArchive archive = inspector.inspect(file);

        assertThat(archive.sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(archive.size()).isEqualTo(Files.size(file));
        assertThat(new String(archive.manifest(), UTF_8)).isEqualTo(MANIFEST);
        assertThat(archive.files()).containsExactlyInAnyOrder("package.json", "index.js", "lib/util.js",
                "node_modules/dep/index.js");
        assertThat(archive.contains("lib/util.js")).isTrue();
        assertThat(archive.contains("lib/")).isFalse();
    }

    @Test
    void acceptsArchiveExactlyAtEveryLimit() throws IOException {
        Zip zip = job();
        for (int i = 3; i < LIMITS.maxEntries(); i++) {
            zip.file("f" + i + ".js", "");
        }
        long used = MANIFEST.length() + "exports.handler = () => 'hi';".length();
        zip.file("padding.bin", new byte[(int) (LIMITS.maxUncompressedSize() - used)]);
        Path file = zip.writeTo(dir.resolve("job.zip"));

        assertThat(inspector.inspect(file).files()).hasSize(LIMITS.maxEntries());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.js", "a/../../x.js", "lib/..", "..\\x.js", "lib\\..\\..\\x.js"})
    void rejectsArchiveWithPathTraversal(String name) throws IOException {
        Path file = job().file(name, "evil").writeTo(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "entry \"" + name + "\" contains '..' and could escape the archive's directory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/x", "\\etc\\x", "C:\\x.js", "c:/x.js"})
    void rejectsArchiveWithAbsolutePath(String name) throws IOException {
        Path file = job().file(name, "evil").writeTo(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "entry \"" + name + "\" has an absolute path"));
    }

    @Test
    void rejectsArchiveWithSymbolicLink() throws IOException {
        Path file = job().stored("link.js", "/etc/passwd".getBytes(UTF_8)).writeTo(dir.resolve("job.zip"));
        CentralDirectory.patch(file, "link.js", CentralDirectory.VERSION_MADE_BY, 2, 0x031E); // made on Unix
        CentralDirectory.patch(file, "link.js", CentralDirectory.EXTERNAL_ATTRIBUTES, 4, 0120777L << 16);

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "entry \"link.js\" is a symbolic link; archives may hold only files and directories"));
    }

    @Test
    void acceptsRegularFileWithUnixMode() throws IOException {
        Path file = job().writeTo(dir.resolve("job.zip"));
        CentralDirectory.patch(file, "index.js", CentralDirectory.VERSION_MADE_BY, 2, 0x031E);
        CentralDirectory.patch(file, "index.js", CentralDirectory.EXTERNAL_ATTRIBUTES, 4, 0100644L << 16);

        assertThat(inspector.inspect(file).contains("index.js")).isTrue();
    }

    @Test
    void rejectsEncryptedEntry() throws IOException {
        Path file = job().writeTo(dir.resolve("job.zip"));
        ZipParameters parameters = new ZipParameters();
        parameters.setFileNameInZip("secret.js");
        parameters.setEncryptFiles(true);
        parameters.setEncryptionMethod(EncryptionMethod.ZIP_STANDARD);
        try (ZipFile zip = new ZipFile(file.toFile(), "password".toCharArray())) {
            zip.addStream(new ByteArrayInputStream("hidden".getBytes(UTF_8)), parameters);
        }

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "entry \"secret.js\" is encrypted"));
    }

    @Test
    void reportsSeveralUnsafeEntriesAtOnceButAtMostTen() throws IOException {
        Zip zip = job().file("../a.js", "").file("/b.js", "");
        Path file = zip.writeTo(dir.resolve("two.zip"));
        for (int i = 0; i < 12; i++) {
            zip.file("../many" + i + ".js", "");
        }
        Path many = zip.writeTo(dir.resolve("many.zip"));

        assertThat(rejection(file).errors()).extracting(FieldError::message)
                .containsExactly("entry \"../a.js\" contains '..' and could escape the archive's directory",
                        "entry \"/b.js\" has an absolute path");
        assertThat(rejection(many).errors()).hasSize(10);
    }

    @Test
    void rejectsArchiveWithTooManyEntries() throws IOException {
        Zip zip = job();
        for (int i = 2; i <= LIMITS.maxEntries(); i++) {
            zip.file("f" + i + ".js", "");
        }
        Path file = zip.writeTo(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "has 21 entries; at most 20 are allowed"));
    }

    @Test
    void rejectsArchiveDeclaringMoreUncompressedBytesThanAllowed() throws IOException {
        Path file = job().file("zeros.bin", new byte[(int) LIMITS.maxUncompressedSize()])
                .writeTo(dir.resolve("job.zip"));

        assertThat(Files.size(file)).isLessThan(LIMITS.maxSize());
        assertThat(rejection(file).getMessage()).contains("expands to more than 262144 bytes", "zip bomb");
    }

    @Test
    void rejectsEntryExpandingBeyondTheSizeItsHeaderDeclaresWithoutInflatingItAll() throws IOException {
        // 4 MiB of zeros deflate to about 4 KiB; the header claims 10 bytes. With a generous expanded-size
        // limit, only the per-entry check can stop it, and it does so after the first buffer.
        ArchiveInspector generous = new ArchiveInspector(new ArchiveLimits(1024 * 1024, Long.MAX_VALUE, 20));
        Path file = job().file("bomb.bin", new byte[4 * 1024 * 1024]).writeTo(dir.resolve("bomb.zip"));
        CentralDirectory.patch(file, "bomb.bin", CentralDirectory.UNCOMPRESSED_SIZE, 4, 10);

        assertThat(rejection(generous, file).errors()).containsExactly(new FieldError("archive",
                "entry \"bomb.bin\" expands beyond the size its header declares (10)"));
    }

    @Test
    void rejectsLyingHeaderEvenWhenTheTotalLimitWouldAlsoCatchIt() throws IOException {
        Path file = job().file("bomb.bin", new byte[(int) LIMITS.maxUncompressedSize() * 2])
                .writeTo(dir.resolve("bomb.zip"));
        CentralDirectory.patch(file, "bomb.bin", CentralDirectory.UNCOMPRESSED_SIZE, 4, 10);

        assertThat(rejection(file).getMessage()).contains("bomb.bin", "expands beyond the size its header declares");
    }

    @Test
    void rejectsDeflatedEntryWhoseDataWasAlteredByItsChecksum() throws IOException {
        Path file = new Zip().file("data.txt", randomText(20_000)).file("package.json", MANIFEST).file("index.js", "")
                .writeTo(dir.resolve("job.zip"));
        flipFirstEntryData(file, Half.MIDDLE);

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("entry \"data.txt\" is corrupt");
    }

    @Test
    void rejectsDeflatedEntryWhoseCompressedStreamIsBrokenNamingTheEntry() throws IOException {
        Path file = new Zip().file("data.txt", randomText(20_000)).file("package.json", MANIFEST).file("index.js", "")
                .writeTo(dir.resolve("job.zip"));
        flipFirstEntryData(file, Half.START);

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("entry \"data.txt\" is corrupt");
    }

    @Test
    void rejectsCorruptedStoredEntryByItsChecksum() throws IOException {
        Path file = new Zip().stored("data.txt", randomText(2_000)).file("package.json", MANIFEST)
                .file("index.js", "").writeTo(dir.resolve("job.zip"));
        flipFirstEntryData(file, Half.MIDDLE);

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("entry \"data.txt\" is corrupt");
    }

    @Test
    void rejectsZip64EndRecordDeclaringHugeExtensibleDataWithoutAllocatingIt() throws IOException {
        // Found by ArchiveInspectorFuzzTest: zip4j allocated the declared size (here 2 GiB) before reading it.
        RawZip zip = new RawZip();
        zip.add("package.json", MANIFEST.getBytes(UTF_8), true);
        zip.add("index.js", "exports.handler = () => 'hi';".getBytes(UTF_8), true);
        zip.zip64End = true;
        zip.zip64RecordSize = 0x7FFF_FFFFL;
        Path file = Files.write(dir.resolve("job.zip"), zip.toBytes());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        ValidationException rejection = rejection(file);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(16 * 1024 * 1024);
        assertThat(rejection.errors()).containsExactly(new FieldError("archive", "has a zip64 end of central "
                + "directory record declaring 2147483647 bytes; at most 65580 are allowed"));
    }

    @Test
    void acceptsZip64Archive() throws IOException {
        RawZip zip = new RawZip();
        zip.add("package.json", MANIFEST.getBytes(UTF_8), true).zip64 = true;
        zip.add("index.js", "exports.handler = () => 'hi';".getBytes(UTF_8), false);
        zip.zip64End = true;
        Path file = Files.write(dir.resolve("job.zip"), zip.toBytes());

        assertThat(inspector.inspect(file).files()).containsExactlyInAnyOrder("package.json", "index.js");
    }

    @Test
    void rejectsFileThatIsNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("job.zip"), "definitely not a zip file");

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("is not a zip file");
    }

    @Test
    void rejectsBytesWithoutAnEndRecordNamingWhatIsMissing() throws IOException {
        byte[] noise = new byte[60_000];
        new java.util.Random(3).nextBytes(noise);
        for (int i = 0; i + 3 < noise.length; i++) {
            if (noise[i] == 'P' && noise[i + 1] == 'K') {
                noise[i] = 'p'; // no signature anywhere
            }
        }
        Path file = Files.write(dir.resolve("job.zip"), noise);

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .isEqualTo("is not a zip file (it has no end of central directory record)");
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("is not a zip file");
    }

    @Test
    void rejectsFileTooShortToBeAZip() throws IOException {
        Path file = Files.write(dir.resolve("job.zip"), new byte[] {'P', 'K', 3, 4});

        assertThat(rejection(file).errors()).singleElement().extracting(FieldError::message).asString()
                .startsWith("is not a zip file");
    }

    @Test
    void rejectsTruncatedZip() throws IOException {
        Path file = job().writeTo(dir.resolve("job.zip"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(rejection(file).errors()).extracting(FieldError::field).containsExactly("archive");
    }

    @Test
    void rejectsArchiveWithoutPackageJson() throws IOException {
        Path file = new Zip().file("index.js", "").writeTo(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "has no package.json at its root"));
    }

    @Test
    void rejectsArchiveWithPackageJsonOnlyInASubfolder() throws IOException {
        Path file = new Zip().directory("hello/").file("hello/package.json", MANIFEST).file("hello/index.js", "")
                .writeTo(dir.resolve("job.zip"));

        assertThat(rejection(file).errors()).containsExactly(new FieldError("archive",
                "has no package.json at its root"));
    }

    @Test
    void rejectsPackageJsonLargerThanOneMebibyte() throws IOException {
        ArchiveInspector roomy = new ArchiveInspector(new ArchiveLimits(1024 * 1024, 4 * 1024 * 1024, 20));
        byte[] manifest = (MANIFEST + " ".repeat(ArchiveInspector.MAX_MANIFEST_SIZE)).getBytes(UTF_8);
        Path file = new Zip().file("package.json", manifest).file("index.js", "").writeTo(dir.resolve("job.zip"));

        assertThat(rejection(roomy, file).errors()).containsExactly(new FieldError("archive",
                "package.json is larger than 1048576 bytes"));
    }

    @Test
    void rejectsFileOverTheSizeLimitBeforeReadingIt() throws IOException {
        Path file = dir.resolve("big.zip");
        Files.write(file, new byte[(int) LIMITS.maxSize() + 1]);

        assertThatThrownBy(() -> inspector.inspect(file))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("The archive is 65537 bytes; at most 65536 are allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "index.js; ", "lib/a/b.js; ", "./x.js; ", "a..b/c.js; ", "..a/x; ", "x/..y; ",
            "../x; contains '..'", "/x; has an absolute path", "D:x; has an absolute path",
            "a\u0000b; has an empty or NUL-containing name", "''; has an empty or NUL-containing name"})
    void judgesEntryNames(String name, String problem) {
        if (problem == null) {
            assertThat(ArchiveInspector.nameProblem(name)).isEmpty();
        } else {
            assertThat(ArchiveInspector.nameProblem(name)).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private ValidationException rejection(Path file) {
        return rejection(inspector, file);
    }

    private static ValidationException rejection(ArchiveInspector inspector, Path file) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> inspector.inspect(file));
        assertThat(e).as("inspection should have failed").isNotNull();
        return e;
    }

    /** A minimal valid job: package.json and index.js. */
    private static Zip job() {
        return new Zip().file("package.json", MANIFEST).file("index.js", "exports.handler = () => 'hi';");
    }

    private static byte[] randomText(int length) {
        Random random = new Random(42);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('a' + random.nextInt(26));
        }
        return text;
    }

    private enum Half { START, MIDDLE }

    /**
     * Inverts bytes of the data of the archive's first entry: at its start (breaking a deflate stream's block
     * header) or in its middle (altering the content, caught by the checksum).
     */
    private static void flipFirstEntryData(Path file, Half where) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 30 + (le.getShort(26) & 0xFFFF) + (le.getShort(28) & 0xFFFF);
        int compressedSize = CentralDirectory.read(file, 0, CentralDirectory.COMPRESSED_SIZE);
        int from = where == Half.START ? dataStart : dataStart + compressedSize / 2;
        int count = where == Half.START ? 2 : 8;
        for (int i = from; i < from + count; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        Files.write(file, bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a zip with java.util.zip: deflated files by default, stored ones on request, directories. */
    static final class Zip {
        private record Entry(String name, byte[] content, boolean stored) {
        }

        private final List<Entry> entries = new ArrayList<>();

        Zip file(String name, String content) {
            return file(name, content.getBytes(UTF_8));
        }

        Zip file(String name, byte[] content) {
            entries.add(new Entry(name, content, false));
            return this;
        }

        Zip stored(String name, byte[] content) {
            entries.add(new Entry(name, content, true));
            return this;
        }

        Zip directory(String name) {
            entries.add(new Entry(name, new byte[0], false));
            return this;
        }

        Path writeTo(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Entry entry : entries) {
                    ZipEntry zipEntry = new ZipEntry(entry.name());
                    if (entry.stored()) {
                        CRC32 crc = new CRC32();
                        crc.update(entry.content());
                        zipEntry.setMethod(ZipEntry.STORED);
                        zipEntry.setSize(entry.content().length);
                        zipEntry.setCompressedSize(entry.content().length);
                        zipEntry.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(zipEntry);
                    zip.write(entry.content());
                    zip.closeEntry();
                }
            }
            return file;
        }
    }

    /** Reads and overwrites little-endian fields of the central directory headers of a zip file. */
    static final class CentralDirectory {
        static final int VERSION_MADE_BY = 4;
        static final int COMPRESSED_SIZE = 20;
        static final int UNCOMPRESSED_SIZE = 24;
        static final int EXTERNAL_ATTRIBUTES = 38;

        private static final int END_SIGNATURE = 0x06054b50;
        private static final int HEADER_SIGNATURE = 0x02014b50;

        static void patch(Path file, String name, int field, int width, long value) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int header = headerOf(bytes, le, name, -1);
            if (width == 2) {
                le.putShort(header + field, (short) value);
            } else {
                le.putInt(header + field, (int) value);
            }
            Files.write(file, bytes);
        }

        /** A 4-byte field of the {@code index}th header. */
        static int read(Path file, int index, int field) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return le.getInt(headerOf(bytes, le, null, index) + field);
        }

        private static int headerOf(byte[] bytes, ByteBuffer le, String name, int index) {
            int end = bytes.length - 22;
            while (le.getInt(end) != END_SIGNATURE) {
                end--;
            }
            int count = le.getShort(end + 10) & 0xFFFF;
            int position = le.getInt(end + 16);
            for (int i = 0; i < count; i++) {
                if (le.getInt(position) != HEADER_SIGNATURE) {
                    throw new IllegalStateException("no central directory header at " + position);
                }
                int nameLength = le.getShort(position + 28) & 0xFFFF;
                String entry = new String(bytes, position + 46, nameLength, UTF_8);
                if (i == index || entry.equals(name)) {
                    return position;
                }
                position += 46 + nameLength + (le.getShort(position + 30) & 0xFFFF)
                        + (le.getShort(position + 32) & 0xFFFF);
            }
            throw new IllegalArgumentException("no central directory header for " + name + " / #" + index);
        }
    }
}
