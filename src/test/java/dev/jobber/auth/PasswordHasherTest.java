package dev.jobber.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void storesArgon2idHashesThatVerifyOnlyTheirPassword() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(hasher.matches("correct horse", hash)).isTrue();
        assertThat(hasher.matches("correct horsE", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void refusesAnythingThatIsNotAnArgon2idHash() {
        assertThat(hasher.matches("Password1!", "Password1!")).isFalse();
        assertThat(hasher.matches("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(hasher.matches("x", "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA")).isFalse();
    }
}
