package dev.jobber.job.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semver range as npm writes it in {@code engines.node} ({@code ^20}, {@code >=18 <23}, {@code 20.x || 22},
 * {@code ~22.3}, {@code 20 - 22}); answers whether any release of a Node major version satisfies it. Pre-release tags
 * are ignored.
 */
public final class NodeVersionRange {

    private static final long PART = 1_000_000L;
    private static final long MAX = Long.MAX_VALUE / 4;
    private static final Pattern COMPARATOR = Pattern.compile(
            "(<=|>=|<|>|=|~>|~|\\^)?\\s*v?(\\*|x|X|\\d+)(?:\\.(\\*|x|X|\\d+)(?:\\.(\\*|x|X|\\d+)(?:[-+][0-9A-Za-z.+-]*)?)?)?");

    /** One alternative of the range: the versions {@code low..high}, both inclusive, encoded by {@link #encode}. */
    private record Interval(long low, long high) {
        Interval intersect(Interval other) {
            return new Interval(Math.max(low, other.low), Math.min(high, other.high));
        }

        boolean isEmpty() {
            return low > high;
        }
    }

    private final List<Interval> alternatives;

    private NodeVersionRange(List<Interval> alternatives) {
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException when {@code range} is not a semver range */
    public static NodeVersionRange parse(String range) {
        List<Interval> alternatives = new ArrayList<>();
        for (String alternative : range.trim().split("\\|\\|", -1)) {
            alternatives.add(parseAlternative(alternative.trim()));
        }
        return new NodeVersionRange(alternatives);
    }

    /** Whether some version {@code major.x.y} is in the range. */
    public boolean allowsMajor(int major) {
        Interval majorRange = new Interval(encode(major, 0, 0), encode(major + 1, 0, 0) - 1);
        return alternatives.stream().anyMatch(i -> !i.intersect(majorRange).isEmpty());
    }

    private static Interval parseAlternative(String text) {
        Interval result = new Interval(0, MAX);
        if (text.isEmpty()) {
            return result;
        }
        Matcher hyphen = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$").matcher(text);
        if (hyphen.matches()) {
            Partial from = Partial.parse(hyphen.group(1), text);
            Partial to = Partial.parse(hyphen.group(2), text);
            return new Interval(from.lowest(), to.highestIncluded());
        }
        Matcher m = COMPARATOR.matcher(text);
        int position = 0;
        while (position < text.length()) {
            if (Character.isWhitespace(text.charAt(position))) {
                position++;
                continue;
            }
            m.region(position, text.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("invalid semver range \"" + text + "\"");
            }
            String operator = m.group(1) == null ? "" : m.group(1);
            Partial p = new Partial(number(m.group(2)), number(m.group(3)), number(m.group(4)));
            result = result.intersect(comparator(operator, p));
            position = m.end();
        }
        return result;
    }

    private static Interval comparator(String operator, Partial p) {
        return switch (operator) {
            case "", "=" -> new Interval(p.lowest(), p.highestIncluded());
            case ">=" -> new Interval(p.lowest(), MAX);
            case ">" -> new Interval(p.highestIncluded() + 1, MAX);
            case "<=" -> new Interval(0, p.highestIncluded());
            case "<" -> new Interval(0, p.lowest() - 1);
            case "~", "~>" -> new Interval(p.lowest(), p.minor < 0
                    ? p.highestIncluded()
                    : encode(p.major, p.minor + 1, 0) - 1);
            case "^" -> new Interval(p.lowest(), caretUpper(p));
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    private static long caretUpper(Partial p) {
        if (p.major > 0 || p.minor < 0) {
            return p.major < 0 ? MAX : encode(p.major + 1, 0, 0) - 1;
        }
        if (p.minor > 0 || p.patch < 0) {
            return encode(0, p.minor + 1, 0) - 1;
        }
        return encode(0, 0, p.patch + 1) - 1;
    }

    /** A version with possibly missing (wildcard, {@code -1}) minor and patch parts. */
    private record Partial(int major, int minor, int patch) {
        static Partial parse(String text, String range) {
            Matcher m = COMPARATOR.matcher(text);
            if (!m.matches() || m.group(1) != null) {
                throw new IllegalArgumentException("invalid semver range \"" + range + "\"");
            }
            return new Partial(number(m.group(2)), number(m.group(3)), number(m.group(4)));
        }

        long lowest() {
            return major < 0 ? 0 : encode(major, Math.max(minor, 0), Math.max(patch, 0));
        }

        long highestIncluded() {
            if (major < 0) {
                return MAX;
            }
            if (minor < 0) {
                return encode(major + 1, 0, 0) - 1;
            }
            if (patch < 0) {
                return encode(major, minor + 1, 0) - 1;
            }
            return encode(major, minor, patch);
        }
    }

    private static int number(String part) {
        if (part == null || part.equals("*") || part.equalsIgnoreCase("x")) {
            return -1;
        }
        if (part.length() > 6) {
            throw new IllegalArgumentException("version number too large: " + part);
        }
        return Integer.parseInt(part);
    }

    private static long encode(long major, long minor, long patch) {
        return (major * PART + minor) * PART + patch;
    }
}
