package dev.jobber.common.syntax;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
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

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator. */
    private static final String JS_SPACE =
            " \\t\\n\\x0B\\f\\r\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    /** JavaScript's {@code .} without the s flag: anything but a LineTerminator. */
    private static final String JS_DOT = "[^\\n\\r\\u2028\\u2029]";
    private static final Pattern BRACED_QUANTIFIER = Pattern.compile("\\{(\\d+)(,(\\d*))?}");

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
        return new Translator(source).translate();
    }

    private static final class Translator {
        private final String source;
        private final StringBuilder out;
        /** Per open group, whether a quantifier may follow it once it is closed. */
        private final Deque<Boolean> groups = new ArrayDeque<>();
        private final int capturingGroups;
        private int i;
        /** The previous token is an atom that a quantifier may follow. */
        private boolean repeatable;
        /** The previous token is a quantifier, which a {@code ?} makes lazy. */
        private boolean quantified;

        Translator(String source) {
            this.source = source;
            this.out = new StringBuilder(source.length() + 16);
            this.capturingGroups = countCapturingGroups(source);
        }

        String translate() {
            while (i < source.length()) {
                char c = source.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> characterClass();
                    case '(' -> openGroup();
                    case ')' -> closeGroup();
                    case '*', '+', '?' -> quantifier(String.valueOf(c), 1);
                    case '{' -> brace();
                    case '|', '^' -> emit(String.valueOf(c), 1, false);
                    case '$' -> emit("\\z", 1, false);
                    case '.' -> emit(JS_DOT, 1, true);
                    case '}' -> emit("\\}", 1, true);
                    default -> emit(String.valueOf(c), 1, true);
                }
            }
            return out.toString();
        }

        private void emit(String translated, int consumed, boolean isRepeatable) {
            out.append(translated);
            i += consumed;
            repeatable = isRepeatable;
            quantified = false;
        }

        private void quantifier(String text, int consumed) {
            if (text.equals("?") && quantified) {
                out.append('?');
                i += consumed;
                quantified = false;
                return;
            }
            if (!repeatable) {
                throw new PatternSyntaxException("Nothing to repeat", source, i);
            }
            out.append(text);
            i += consumed;
            repeatable = false;
            quantified = true;
        }

        private void brace() {
            Matcher m = BRACED_QUANTIFIER.matcher(source).region(i, source.length());
            if (!m.lookingAt()) {
                emit("\\{", 1, true);
                return;
            }
            String max = m.group(3);
            if (max != null && !max.isEmpty() && new BigInteger(max).compareTo(new BigInteger(m.group(1))) < 0) {
                throw new PatternSyntaxException("numbers out of order in {} quantifier", source, i);
            }
            quantifier(m.group(), m.end() - i);
        }

        private void openGroup() {
            if (!source.startsWith("(?", i)) {
                groups.push(true);
                emit("(", 1, false);
            } else if (source.startsWith("(?:", i) || source.startsWith("(?=", i) || source.startsWith("(?!", i)) {
                groups.push(true);
                emit(source.substring(i, i + 3), 3, false);
            } else if (source.startsWith("(?<=", i) || source.startsWith("(?<!", i)) {
                groups.push(false);
                emit(source.substring(i, i + 4), 4, false);
            } else if (source.startsWith("(?<", i)) {
                groups.push(true);
                emit("(?<", 3, false);
            } else {
                throw new PatternSyntaxException("Invalid group", source, i);
            }
        }

        private void closeGroup() {
            boolean groupRepeatable = groups.isEmpty() || groups.pop();
            emit(")", 1, groupRepeatable);
        }

        private void escape() {
            if (i + 1 >= source.length()) {
                throw new PatternSyntaxException("\\ at end of pattern", source, i);
            }
            char next = source.charAt(i + 1);
            switch (next) {
                case 'b', 'B' -> emit("\\" + next, 2, false);
                case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't' -> emit("\\" + next, 2, true);
                case 's' -> emit("[" + JS_SPACE + "]", 2, true);
                case 'S' -> emit("[^" + JS_SPACE + "]", 2, true);
                case 'v' -> emit("\\x0B", 2, true);
                case 'c' -> {
                    if (i + 2 < source.length() && isAsciiLetter(source.charAt(i + 2))) {
                        emit("\\c" + source.charAt(i + 2), 3, true);
                    } else {
                        emit("\\\\", 1, true); // a lone backslash; the c follows as a literal
                    }
                }
                case 'k' -> emit(hasNamedGroups() ? "\\k" : "k", 2, true);
                case '0' -> {
                    if (i + 2 < source.length() && isOctalDigit(source.charAt(i + 2))) {
                        legacyOctal();
                    } else {
                        emit("\\x00", 2, true);
                    }
                }
                case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> backreference();
                default -> emit(commonEscape(next), 2, true);
            }
        }

        /**
         * A backreference when that many groups capture; otherwise, as JavaScript reads it then, a legacy octal escape
         * ({@code \1}..{@code \7}) or the digit itself ({@code \8}, {@code \9}).
         */
        private void backreference() {
            int end = i + 1;
            while (end < source.length() && Character.isDigit(source.charAt(end)) && source.charAt(end) < 128) {
                end++;
            }
            String digits = source.substring(i + 1, end);
            if (digits.length() <= 5 && Integer.parseInt(digits) <= capturingGroups) {
                emit("\\" + digits, end - i, true);
            } else if (digits.charAt(0) >= '8') {
                emit(digits.substring(0, 1), 2, true);
            } else {
                legacyOctal();
            }
        }

        /**
         * {@code \x}, {@code \}{@code u} and identity escapes, which mean the same inside and outside a class; advances
         * past the hex digits, the caller past the backslash and the letter.
         */
        private String commonEscape(char next) {
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

        private void characterClass() {
            if (source.startsWith("[^]", i)) {
                emit("[\\s\\S]", 3, true);
                return;
            }
            if (source.startsWith("[]", i)) {
                emit("[^\\s\\S]", 2, true);
                return;
            }
            int start = i;
            StringBuilder cls = new StringBuilder("[");
            i++;
            if (i < source.length() && source.charAt(i) == '^') {
                cls.append('^');
                i++;
            }
            while (true) {
                if (i >= source.length()) {
                    throw new PatternSyntaxException("Unclosed character class", source, start);
                }
                char c = source.charAt(i);
                if (c == ']') {
                    i++;
                    break;
                }
                if (c == '\\') {
                    cls.append(classEscape());
                } else if (c == '[' || c == '&') {
                    cls.append('\\').append(c);
                    i++;
                } else {
                    cls.append(c);
                    i++;
                }
            }
            out.append(cls).append(']');
            repeatable = true;
            quantified = false;
        }

        /** Translates the escape at {@code i} inside a character class and advances past it. */
        private String classEscape() {
            if (i + 1 >= source.length()) {
                throw new PatternSyntaxException("\\ at end of pattern", source, i);
            }
            char next = source.charAt(i + 1);
            switch (next) {
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    return legacyOctalValue();
                }
                case 'c' -> {
                    if (i + 2 < source.length() && isClassControlLetter(source.charAt(i + 2))) {
                        String control = String.format("\\x%02X", source.charAt(i + 2) % 32);
                        i += 3;
                        return control;
                    }
                    i++; // a lone backslash; the c follows as a literal
                    return "\\\\";
                }
                default -> {
                    String translated = switch (next) {
                        case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't' -> "\\" + next;
                        case 's' -> "[" + JS_SPACE + "]";
                        case 'S' -> "[^" + JS_SPACE + "]";
                        case 'v' -> "\\x0B";
                        case 'b' -> "\\x08";
                        default -> commonEscape(next);
                    };
                    i += 2;
                    return translated;
                }
            }
        }

        /** Outside a class: a legacy octal escape like {@code \012}. */
        private void legacyOctal() {
            String translated = legacyOctalValue();
            out.append(translated);
            repeatable = true;
            quantified = false;
        }

        /**
         * Reads the legacy octal escape at {@code i} (a backslash and up to three octal digits, at most {@code \377}),
         * advances past it and returns it as a Java hex escape.
         */
        private String legacyOctalValue() {
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

        private boolean hasNamedGroups() {
            return Pattern.compile("\\(\\?<[^=!]").matcher(source).find();
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
    }

    private static int countCapturingGroups(String source) {
        int count = 0;
        boolean inClass = false;
        for (int k = 0; k < source.length(); k++) {
            char c = source.charAt(k);
            if (c == '\\') {
                k++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                int first = source.startsWith("[^", k) ? k + 2 : k + 1;
                boolean empty = first < source.length() && source.charAt(first) == ']'; // [] and [^]
                inClass = !empty;
                k = empty ? first : first - 1;
            } else if (c == '(' && (!source.startsWith("(?", k) || (source.startsWith("(?<", k)
                    && !source.startsWith("(?<=", k) && !source.startsWith("(?<!", k)))) {
                count++;
            }
        }
        return count;
    }

    /** An escaped character that stands for itself in JavaScript, as a Java literal. */
    private static String literal(char c) {
        if (c < 128 && !Character.isLetterOrDigit(c)) {
            return "\\" + c;
        }
        return String.valueOf(c);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isClassControlLetter(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }
}
