package dev.jobber.common.syntax;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a JavaScript regular expression (as the original Jobber's trigger paths are written: no flags, not in
 * unicode mode, with the web-compatibility syntax of ECMA-262 Annex B) into a Java {@link Pattern} with the same
 * meaning. Translated are the JavaScript-only forms ({@code [^]}, {@code []}, literal braces that are not a
 * quantifier, {@code [} and {@code &&} inside a character class, {@code [\b]}, escaped letters that stand for
 * themselves, {@code \0}, legacy octal escapes, incomplete {@code \x} and {@code \}{@code u} escapes) and the shared
 * syntax whose meaning differs: {@code $} (only the end of the input), {@code .} and {@code \s}/{@code \S}
 * (JavaScript's line terminators and white space), {@code \v}. Quantifiers with nothing to repeat and groups
 * JavaScript does not know (like {@code (?i)}, or the modifier groups only recent Node versions know) are refused.
 */
public final class JsRegex {

    private JsRegex() {
    }

    /** @throws PatternSyntaxException when the expression is invalid in JavaScript */
    public static Pattern compile(String source) {
        String translated = translate(source);
        try {
            return Pattern.compile(translated);
        } catch (PatternSyntaxException e) {
            throw new PatternSyntaxException(e.getDescription(), source, -1);
        }
    }

    static String translate(String source) {
        return new JsRegexTranslator(source).translate();
    }
}
