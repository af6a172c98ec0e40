package dev.jobber.environment;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 12-byte nonce per value. The output is nonce followed by ciphertext and 16-byte tag; the
 * associated data binds a ciphertext to where it belongs (job and name), so it cannot be moved to another variable.
 */
public final class SecretCipher {

    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @throws IllegalArgumentException when the key is not 32 bytes */
    public SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws WrongKeyException when the value was encrypted with another key, altered, or bound to other data */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new WrongKeyException("the encrypted value is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOf(ciphertext, NONCE_BYTES)));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new WrongKeyException("the value cannot be decrypted with this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** A value that does not decrypt: another key, or altered data. */
    public static final class WrongKeyException extends RuntimeException {
        public WrongKeyException(String message) {
            super(message);
        }
    }
}
