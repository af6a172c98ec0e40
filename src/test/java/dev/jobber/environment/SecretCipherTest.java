package dev.jobber.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.config.ConfigValidator.InvalidConfigurationException;
import dev.jobber.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] CONTEXT = "job/NAME".getBytes(StandardCharsets.UTF_8);

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void roundTripsWithAFreshNonceEveryTime() {
        SecretCipher cipher = new SecretCipher(randomKey());
        byte[] plaintext = "s3cr3t ✓".getBytes(StandardCharsets.UTF_8);
        byte[] first = cipher.encrypt(plaintext, CONTEXT);
        byte[] second = cipher.encrypt(plaintext, CONTEXT);
        assertThat(first).isNotEqualTo(second).hasSize(12 + plaintext.length + 16);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(cipher.decrypt(first, CONTEXT)).isEqualTo(plaintext);
        assertThat(cipher.decrypt(second, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void refusesAnotherKeyAlteredDataOrAnotherVariablesContext() {
        SecretCipher cipher = new SecretCipher(randomKey());
        byte[] sealed = cipher.encrypt("value".getBytes(StandardCharsets.UTF_8), CONTEXT);
        assertThatThrownBy(() -> new SecretCipher(randomKey()).decrypt(sealed, CONTEXT))
                .isInstanceOf(SecretCipher.WrongKeyException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "job/OTHER".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretCipher.WrongKeyException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(altered, CONTEXT)).isInstanceOf(SecretCipher.WrongKeyException.class);
        assertThatThrownBy(() -> cipher.decrypt(new byte[5], CONTEXT))
                .isInstanceOf(SecretCipher.WrongKeyException.class);
    }

    @Test
    void aWrongKeyFailsTheStartupCheckWithAClearMessage() {
        SecretCipher original = new SecretCipher(randomKey());
        byte[] check = SecretKeys.checkValue(original);
        SecretKeys.verify(original, check);
        assertThatThrownBy(() -> SecretKeys.verify(new SecretCipher(randomKey()), check))
                .isInstanceOf(SecretKeys.WrongSecretKeyException.class)
                .hasMessageContaining("Wrong secret key").hasMessageContaining("JOBBER_SECRET_KEY");
    }

    @Test
    void theConfiguredKeyMustBeBase64OfThirtyTwoBytes() {
        byte[] key = randomKey();
        assertThat(SecretKeys.parseKey(Base64.getEncoder().encodeToString(key) + "\n")).isEqualTo(key);
        assertThatThrownBy(() -> SecretKeys.parseKey("not base64!"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("JOBBER_SECRET_KEY");
        assertThatThrownBy(() -> SecretKeys.parseKey(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("JOBBER_SECRET_KEY: must encode 32 bytes, got 16");
    }

    @Test
    void generatesAPrivateKeyFileOnceAndReadsItAfterwards() throws Exception {
        Path dir = Files.createTempDirectory("jobber-key-");
        try {
            Path file = dir.resolve("data").resolve("secret.key");
            byte[] key = SecretKeys.readOrCreate(file);
            assertThat(key).hasSize(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(SecretKeys.readOrCreate(file)).isEqualTo(key);
            Files.writeString(file, "garbage");
            assertThatThrownBy(() -> SecretKeys.readOrCreate(file)).hasMessageContaining("is damaged");
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
