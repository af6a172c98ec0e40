package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final LineSplitter<String> splitter = new LineSplitter<>();
    private final List<String> lines = new ArrayList<>();
    private final BiConsumer<String, String> sink = (key, text) -> lines.add(key + ":" + text);

    private void feed(String key, byte[] bytes) {
        splitter.accept(key, Buffer.buffer(bytes), sink);
    }

    private void feed(String key, String text) {
        feed(key, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsOnNewlinesAndDropsEmptyAndBlankLinesAndCarriageReturns() {
        feed("a", "one\ntwo\r\n\n   \nthree\n");
        assertThat(lines).containsExactly("a:one", "a:two", "a:three");
    }

    @Test
    void joinsALineSpanningFramesPerKeyWithoutMixingKeys() {
        feed("a", "first ha");
        feed("b", "other ");
        feed("a", "lf\nsecond");
        feed("b", "line\n");
        assertThat(lines).containsExactly("a:first half", "b:other line");
        splitter.finish(sink);
        assertThat(lines).containsExactly("a:first half", "b:other line", "a:second");
    }

    @Test
    void keepsACharacterWholeWhenItsBytesArriveInTwoFrames() {
        byte[] bytes = "grüße 🙂\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            feed("a", Arrays.copyOfRange(bytes, 0, cut));
            feed("a", Arrays.copyOfRange(bytes, cut, bytes.length));
        }
        assertThat(lines).hasSize(bytes.length - 1).containsOnly("a:grüße 🙂");
    }

    @Test
    void cutsAnEndlessLineIntoBoundedPiecesOnCharacterBoundaries() {
        String chunk = "ä".repeat(1000);
        for (int i = 0; i < 40; i++) {
            feed("a", chunk);
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LineSplitter.MAX_LINE + 2);
            assertThat(line.substring(2)).matches("ä+");
        });
        splitter.finish(sink);
        assertThat(String.join("", lines).replace("a:", "")).hasSize(40_000);
    }

    @Test
    void writesTheOldestUnfinishedLineWhenTooManyAreKept() {
        for (int i = 0; i <= LineSplitter.MAX_UNFINISHED; i++) {
            feed("k" + i, "partial " + i);
        }
        assertThat(lines).containsExactly("k0:partial 0");
    }
}
