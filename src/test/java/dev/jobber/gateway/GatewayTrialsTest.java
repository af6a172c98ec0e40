package dev.jobber.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GatewayTrialsTest {

    @Test
    void readsUtf8TextAsText() {
        assertThat(GatewayTrials.utf8("héllo ✓".getBytes(StandardCharsets.UTF_8), false)).isEqualTo("héllo ✓");
        assertThat(GatewayTrials.utf8(new byte[0], false)).isEmpty();
    }

    @Test
    void takesBytesThatAreNotUtf8ForBinary() {
        assertThat(GatewayTrials.utf8(new byte[] {(byte) 0xff, 0x00, 0x41}, false)).isNull();
        assertThat(GatewayTrials.utf8(new byte[] {0x41, (byte) 0xc3}, false)).isNull();
    }

    @Test
    void aCutBodyMayEndInsideACharacter() {
        byte[] text = "ab✓".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(text, text.length - 1);

        assertThat(GatewayTrials.utf8(cut, true)).isEqualTo("ab");
    }
}
