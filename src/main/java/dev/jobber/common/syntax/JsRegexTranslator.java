package dev.jobber.common.syntax;

import static dev.jobber.common.syntax.JsPatternReader.JS_SPACE;
import static dev.jobber.common.syntax.JsPatternReader.isAsciiLetter;
import static dev.jobber.common.syntax.JsPatternReader.isOctalDigit;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a JavaScript pattern outside its character classes (which {@link JsCharacterClass} translates): atoms,
 * groups, quantifiers, anchors, escapes and backreferences, refusing a quantifier with nothing to repeat.
 */
final class JsRegexTranslator {

    /** JavaScript's {@code .} without the s flag: anything but a LineTerminator. */
    private static final String JS_DOT = "[^\\n\\r\\u2028\\u2029]";
    private static final Pattern BRACED_QUANTIFIER = Pattern.compile("\\{(\\d+)(,(\\d*))?}");

    private final JsPatternReader in;
    private final StringBuilder out;
    /** Per open group, whether a quantifier may follow it once it is closed. */
    private final Deque<Boolean> groups = new ArrayDeque<>();
    private final int capturingGroups;
    /** The previous token is an atom that a quantifier may follow. */
    private boolean repeatable;
    /** The previous token is a quantifier, which a {@code ?} makes lazy. */
    private boolean quantified;

    JsRegexTranslator(String source) {
        this.in = new JsPatternReader(source);
        this.out = new StringBuilder(source.length() + 16);
        this.capturingGroups = countCapturingGroups(source);
    }

    String translate() {
        while (!in.atEnd()) {
            char c = in.at(0);
            switch (c) {
                case '\\' -> escape();
                case '[' -> emit(JsCharacterClass.translate(in), 0, true);
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
        in.i += consumed;
        repeatable = isRepeatable;
        quantified = false;
    }

    private void quantifier(String text, int consumed) {
        if (text.equals("?") && quantified) {
            out.append('?');
            in.i += consumed;
            quantified = false;
            return;
        }
        if (!repeatable) {
            throw in.error("Nothing to repeat");
        }
        out.append(text);
        in.i += consumed;
        repeatable = false;
        quantified = true;
    }

    private void brace() {
        Matcher m = BRACED_QUANTIFIER.matcher(in.source).region(in.i, in.source.length());
        if (!m.lookingAt()) {
            emit("\\{", 1, true);
            return;
        }
        String max = m.group(3);
        if (max != null && !max.isEmpty() && new BigInteger(max).compareTo(new BigInteger(m.group(1))) < 0) {
            throw in.error("numbers out of order in {} quantifier");
        }
        quantifier(m.group(), m.end() - in.i);
    }

    private void openGroup() {
        if (!in.startsWith("(?")) {
            groups.push(true);
            emit("(", 1, false);
        } else if (in.startsWith("(?:") || in.startsWith("(?=") || in.startsWith("(?!")) {
            groups.push(true);
            emit(in.source.substring(in.i, in.i + 3), 3, false);
        } else if (in.startsWith("(?<=") || in.startsWith("(?<!")) {
            groups.push(false);
            emit(in.source.substring(in.i, in.i + 4), 4, false);
        } else if (in.startsWith("(?<")) {
            groups.push(true);
            emit("(?<", 3, false);
        } else {
            throw in.error("Invalid group");
        }
    }

    private void closeGroup() {
        boolean groupRepeatable = groups.isEmpty() || groups.pop();
        emit(")", 1, groupRepeatable);
    }

    private void escape() {
        in.requireEscaped();
        char next = in.at(1);
        switch (next) {
            case 'b', 'B' -> emit("\\" + next, 2, false);
            case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't' -> emit("\\" + next, 2, true);
            case 's' -> emit("[" + JS_SPACE + "]", 2, true);
            case 'S' -> emit("[^" + JS_SPACE + "]", 2, true);
            case 'v' -> emit("\\x0B", 2, true);
            case 'c' -> {
                if (in.has(2) && isAsciiLetter(in.at(2))) {
                    emit("\\c" + in.at(2), 3, true);
                } else {
                    emit("\\\\", 1, true); // a lone backslash; the c follows as a literal
                }
            }
            case 'k' -> emit(hasNamedGroups() ? "\\k" : "k", 2, true);
            case '0' -> {
                if (in.has(2) && isOctalDigit(in.at(2))) {
                    emit(in.legacyOctal(), 0, true);
                } else {
                    emit("\\x00", 2, true);
                }
            }
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> backreference();
            default -> emit(in.commonEscape(next), 2, true);
        }
    }

    /**
     * A backreference when that many groups capture; otherwise, as JavaScript reads it then, a legacy octal escape
     * ({@code \1}..{@code \7}) or the digit itself ({@code \8}, {@code \9}).
     */
    private void backreference() {
        int end = in.i + 1;
        while (end < in.source.length() && Character.isDigit(in.source.charAt(end)) && in.source.charAt(end) < 128) {
            end++;
        }
        String digits = in.source.substring(in.i + 1, end);
        if (digits.length() <= 5 && Integer.parseInt(digits) <= capturingGroups) {
            emit("\\" + digits, end - in.i, true);
        } else if (digits.charAt(0) >= '8') {
            emit(digits.substring(0, 1), 2, true);
        } else {
            emit(in.legacyOctal(), 0, true);
        }
    }

    private boolean hasNamedGroups() {
        return Pattern.compile("\\(\\?<[^=!]").matcher(in.source).find();
    }

    static int countCapturingGroups(String source) {
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
}
