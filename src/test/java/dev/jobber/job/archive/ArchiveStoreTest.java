package dev.jobber.job.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.job.archive.ArchiveStore.CorruptArchiveException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveStoreTest {

    private static final byte[] CONTENT = "PK pretend this is a zip".getBytes(UTF_8);
    private static final String SHA = sha256(CONTENT);

    @TempDir
    Path dir;

    private Path root;
    private ArchiveStore store;
    private Path upload;

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("archives");
        store = new ArchiveStore(root);
        upload = Files.write(dir.resolve("upload.zip"), CONTENT);
    }

    @Test
    void storesArchiveUnderItsHashAndLeavesTheSourceInPlace() throws IOException {
        assertThat(store.put(upload, SHA)).isTrue();

        Path stored = root.resolve(SHA.substring(0, 2)).resolve(SHA + ".zip");
        assertThat(store.path(SHA)).isEqualTo(stored);
        assertThat(stored).hasBinaryContent(CONTENT);
        assertThat(store.exists(SHA)).isTrue();
        assertThat(upload).hasBinaryContent(CONTENT);
        assertThat(stored.getParent()).isDirectoryNotContaining(path -> path.toString().endsWith(".tmp"));
    }

    @Test
    void putIsIdempotentAndSaysWhetherItCreatedTheFile() throws IOException {
        assertThat(store.put(upload, SHA)).isTrue();
        Path other = Files.write(dir.resolve("other.zip"), "something else".getBytes(UTF_8));

        assertThat(store.put(upload, SHA)).isFalse();
        assertThat(store.put(other, SHA)).isFalse();
        assertThat(store.path(SHA)).hasBinaryContent(CONTENT);
    }

    @Test
    void storedFileOutlivesTheDeletedSource() throws IOException {
        store.put(upload, SHA);
        Files.delete(upload);

        assertThat(store.path(SHA)).hasBinaryContent(CONTENT);
        assertThatCode(() -> store.verify(SHA)).doesNotThrowAnyException();
    }

    @Test
    void opensStoredArchiveAndVerifiesItWhileReading() throws IOException {
        store.put(upload, SHA);

        try (InputStream in = store.open(SHA)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        assertThatCode(() -> store.verify(SHA)).doesNotThrowAnyException();
    }

    @Test
    void verifiesWhenReadByteByByte() throws IOException {
        store.put(upload, SHA);
        ByteArrayOutputStream read = new ByteArrayOutputStream();

        try (InputStream in = store.open(SHA)) {
            int b;
            while ((b = in.read()) != -1) {
                read.write(b);
            }
        }

        assertThat(read.toByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void detectsCorruptedStoredFileWhenReadToTheEnd() throws IOException {
        store.put(upload, SHA);
        corrupt(store.path(SHA));

        try (InputStream in = store.open(SHA)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(CorruptArchiveException.class)
                    .hasMessageContaining("Archive " + SHA + " is corrupt");
        }
        assertThatThrownBy(() -> store.verify(SHA)).isInstanceOf(CorruptArchiveException.class);
    }

    @Test
    void detectsTruncatedStoredFile() throws IOException {
        store.put(upload, SHA);
        Path stored = store.path(SHA);
        byte[] truncated = Arrays.copyOf(CONTENT, CONTENT.length - 1);
        Files.delete(stored);
        Files.write(stored, truncated);

        assertThatThrownBy(() -> store.verify(SHA)).isInstanceOf(CorruptArchiveException.class);
    }

    @Test
    void detectsCorruptionWhenStreamedWithTransferTo() throws IOException {
        store.put(upload, SHA);
        corrupt(store.path(SHA));

        try (InputStream in = store.open(SHA)) {
            assertThatThrownBy(() -> in.transferTo(new ByteArrayOutputStream()))
                    .isInstanceOf(CorruptArchiveException.class);
        }
    }

    @Test
    void refusesToSkipBecauseThatWouldBypassVerification() throws IOException {
        store.put(upload, SHA);

        try (InputStream in = store.open(SHA)) {
            assertThatThrownBy(() -> in.skip(1)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(CorruptArchiveException.class);
        }
    }

    @Test
    void deletesStoredArchiveAndToleratesMissingOne() throws IOException {
        store.put(upload, SHA);

        store.delete(SHA);

        assertThat(store.exists(SHA)).isFalse();
        assertThat(store.path(SHA)).doesNotExist();
        assertThat(upload).hasBinaryContent(CONTENT);
        assertThatCode(() -> store.delete(SHA)).doesNotThrowAnyException();
        assertThat(store.put(upload, SHA)).isTrue();
    }

    @Test
    void reportsMissingArchive() {
        assertThat(store.exists(SHA)).isFalse();
        assertThatThrownBy(() -> store.open(SHA)).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "../../etc/passwd",
            "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"})
    void rejectsWhatIsNotALowerCaseSha256(String sha256) {
        assertThatIllegalArgumentException().isThrownBy(() -> store.path(sha256)).withMessageContaining("not a sha256");
        assertThatIllegalArgumentException().isThrownBy(() -> store.put(upload, sha256));
        assertThatIllegalArgumentException().isThrownBy(() -> store.delete(sha256));
    }

    /** Replaces the stored file with same-length different content, as bit rot would. */
    private static void corrupt(Path stored) throws IOException {
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 0x01;
        Files.delete(stored);
        Files.write(stored, bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
