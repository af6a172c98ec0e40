package dev.jobber.common.syntax;

import java.util.regex.PatternSyntaxException;

/**
 * A JavaScript pattern being translated: its text, the position reached, and the escapes that read alike inside and
 * outside a character class ({@code \x}, {@code \}{@code u}, legacy octal and identity escapes).
 */
final class JsPatternReader {

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator. */
    static final String JS_SPACE =
            " \\t\\n\\x0B\\f\\r\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    final String source;
    /** The position reached: the next character to translate. */
    int i;

    JsPatternReader(String source) {
        this.source = source;
    }

    boolean atEnd() {
        return i >= source.length();
    }

    /** Whether there is a character {@code offset} places after the position. */
    boolean has(int offset) {
        return i + offset < source.length();
    }

    char at(int offset) {
        return source.charAt(i + offset);
    }

    boolean startsWith(String prefix) {
        return source.startsWith(prefix, i);
    }

    PatternSyntaxException error(String description) {
        return error(description, i);
    }

    PatternSyntaxException error(String description, int index) {
        return new PatternSyntaxException(description, source, index);
    }

    /** Refuses a backslash that ends the pattern. */
    void requireEscaped() {
        if (!has(1)) {
            throw error("\\ at end of pattern");
        }
    }

    /**
     * The escape at the position whose letter is {@code next}, when it is one of those that mean the same inside and
     * outside a class; advances past the hex digits, the caller past the backslash and the letter.
     */
    String commonEscape(char next) {
        if (next == 'x' && isHex(i + 2, 2)) {
            String hex = source.substring(i + 2, i + 4);
            i += 2;
            return "\\x" + hex;
        }
        if (next == 'u' && isHex(i + 2, 4)) {
            String hex = source.substring(i + 2, i + 6);
            i += 4;
            return "\\u" + hex;
        }
        return literal(next);
    }

    /**
     * Reads the legacy octal escape at the position (a backslash and up to three octal digits, at most {@code \377}),
     * advances past it and returns it as a Java hex escape.
     */
    String legacyOctal() {
        int j = i + 1;
        int value = 0;
        int digits = 0;
        while (j < source.length() && isOctalDigit(source.charAt(j)) && digits < 3) {
            int candidate = value * 8 + (source.charAt(j) - '0');
            if (candidate > 0377) {
                break;
            }
            value = candidate;
            digits++;
            j++;
        }
        i = j;
        return String.format("\\x%02X", value);
    }

    private boolean isHex(int from, int count) {
        if (from + count > source.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if ("0123456789abcdefABCDEF".indexOf(source.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** An escaped character that stands for itself in JavaScript, as a Java literal. */
    private static String literal(char c) {
        if (c < 128 && !Character.isLetterOrDigit(c)) {
            return "\\" + c;
        }
        return String.valueOf(c);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }
}
