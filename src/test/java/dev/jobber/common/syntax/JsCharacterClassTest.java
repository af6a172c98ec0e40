package dev.jobber.common.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class JsCharacterClassTest {

    private static String translate(String source) {
        return JsCharacterClass.translate(new JsPatternReader(source));
    }

    @Test
    void translatesTheEmptyAndTheNegatedEmptyClass() {
        assertThat(translate("[]")).isEqualTo("[^\\s\\S]");
        assertThat(translate("[^]")).isEqualTo("[\\s\\S]");
    }

    @Test
    void escapesWhatJavaReadsAsNestedClassesOrIntersections() {
        assertThat(translate("[a[b&&c]")).isEqualTo("[a\\[b\\&\\&c]");
    }

    @Test
    void readsBackspaceOctalAndControlEscapesAsHex() {
        assertThat(translate("[\\b\\101\\c_]")).isEqualTo("[\\x08\\x41\\x1F]");
    }

    @Test
    void stopsAfterItsClosingBracket() {
        JsPatternReader in = new JsPatternReader("[a]+");

        JsCharacterClass.translate(in);

        assertThat(in.i).isEqualTo(3);
    }

    @Test
    void refusesAnUnclosedClassAtItsOpeningBracket() {
        assertThatThrownBy(() -> translate("[abc")).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("Unclosed character class")
                .satisfies(e -> assertThat(((PatternSyntaxException) e).getIndex()).isZero());
    }
}
