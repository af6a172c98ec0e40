package dev.jobber.common.syntax;

import static dev.jobber.common.syntax.JsPatternReader.JS_SPACE;
import static dev.jobber.common.syntax.JsPatternReader.isAsciiLetter;

/**
 * Translates one JavaScript character class ({@code [^]}, {@code []}, {@code [...]}) into Java's syntax: {@code [} and
 * {@code &} escaped, {@code [\b]} as backspace, octal and control escapes as hex, {@code \s} as JavaScript's white
 * space.
 */
final class JsCharacterClass {

    private JsCharacterClass() {
    }

    /** Translates the class that opens at the reader's position and advances past its closing bracket. */
    static String translate(JsPatternReader in) {
        if (in.startsWith("[^]")) {
            in.i += 3;
            return "[\\s\\S]";
        }
        if (in.startsWith("[]")) {
            in.i += 2;
            return "[^\\s\\S]";
        }
        int start = in.i;
        StringBuilder cls = new StringBuilder("[");
        in.i++;
        if (!in.atEnd() && in.at(0) == '^') {
            cls.append('^');
            in.i++;
        }
        while (true) {
            if (in.atEnd()) {
                throw in.error("Unclosed character class", start);
            }
            char c = in.at(0);
            if (c == ']') {
                in.i++;
                break;
            }
            if (c == '\\') {
                cls.append(escape(in));
            } else if (c == '[' || c == '&') {
                cls.append('\\').append(c);
                in.i++;
            } else {
                cls.append(c);
                in.i++;
            }
        }
        return cls.append(']').toString();
    }

    /** Translates the escape at the reader's position inside a class and advances past it. */
    private static String escape(JsPatternReader in) {
        in.requireEscaped();
        char next = in.at(1);
        switch (next) {
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                return in.legacyOctal();
            }
            case 'c' -> {
                if (in.has(2) && isControlLetter(in.at(2))) {
                    String control = String.format("\\x%02X", in.at(2) % 32);
                    in.i += 3;
                    return control;
                }
                in.i++; // a lone backslash; the c follows as a literal
                return "\\\\";
            }
            default -> {
                String translated = switch (next) {
                    case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't' -> "\\" + next;
                    case 's' -> "[" + JS_SPACE + "]";
                    case 'S' -> "[^" + JS_SPACE + "]";
                    case 'v' -> "\\x0B";
                    case 'b' -> "\\x08";
                    default -> in.commonEscape(next);
                };
                in.i += 2;
                return translated;
            }
        }
    }

    /** Inside a class, {@code \c} also takes a digit or an underscore (Annex B). */
    private static boolean isControlLetter(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }
}
