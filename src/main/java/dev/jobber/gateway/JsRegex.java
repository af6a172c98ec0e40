package dev.jobber.gateway;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a JavaScript regular expression (as the original Jobber's trigger paths are written) into a Java
 * {@link Pattern} with the same meaning for the syntax both share, translating the JavaScript-only forms: {@code [^]},
 * {@code []}, literal braces that are not a quantifier, and {@code [}, {@code &&} inside a character class.
 */
public final class JsRegex {

    private JsRegex() {
    }

    /** @throws PatternSyntaxException when the expression is invalid */
    public static Pattern compile(String source) {
        return Pattern.compile(translate(source));
    }

    static String translate(String source) {
        StringBuilder out = new StringBuilder(source.length() + 8);
        boolean inClass = false;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                if (i + 1 >= source.length()) {
                    throw new PatternSyntaxException("\\ at end of pattern", source, i);
                }
                out.append(c).append(source.charAt(i + 1));
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                if (source.startsWith("[^]", i)) {
                    out.append("[\\s\\S]");
                    i += 3;
                } else if (source.startsWith("[]", i)) {
                    out.append("(?!)");
                    i += 2;
                } else {
                    inClass = true;
                    out.append(c);
                    i++;
                    if (i < source.length() && source.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i < source.length() && source.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                }
                continue;
            }
            if (c == '{' && !isQuantifier(source, i)) {
                out.append("\\{");
            } else if (c == '}') {
                out.append("\\}");
            } else {
                out.append(c);
                if (c == '{') {
                    int end = source.indexOf('}', i);
                    out.append(source, i + 1, end + 1);
                    i = end;
                }
            }
            i++;
        }
        if (inClass) {
            throw new PatternSyntaxException("Unclosed character class", source, source.length() - 1);
        }
        return out.toString();
    }

    private static boolean isQuantifier(String source, int open) {
        int close = source.indexOf('}', open);
        return close > open && open > 0 && source.substring(open + 1, close).matches("\\d+(,\\d*)?");
    }
}
