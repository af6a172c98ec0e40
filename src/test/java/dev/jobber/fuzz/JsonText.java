package dev.jobber.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Adversarial {@code package.json} bytes: manifests that are valid or nearly so, with fields of the wrong type,
 * values at and past their bounds, deep nesting, huge numbers, odd Unicode, very long strings, and text that is not
 * JSON or not UTF-8. Drawn from jqwik's random source, so a failing try is reproduced by its seed.
 */
public final class JsonText {

    private static final List<String> TOP_KEYS = List.of("name", "version", "main", "description", "type",
            "engines", "links", "action", "triggers");
    private static final List<String> ACTION_KEYS = List.of("runnerAsynchronous", "runnerMinCount", "runnerMaxCount",
            "runnerTimeout", "runnerMaxIdleAge", "runnerMaxAge", "runnerMaxAgeHard", "runnerMode",
            "runnerDockerArguments");
    private static final List<String> DOCKER_KEYS = List.of("networks", "volumes", "labels", "memoryLimit",
            "directPassthroughArguments");
    private static final List<String> CONNECTION_KEYS = List.of("protocol", "host", "port", "username", "password",
            "clientId", "version", "protocolVariable", "hostVariable", "portVariable", "usernameVariable",
            "passwordVariable", "clientIdVariable");
    private static final List<String> STRINGS = List.of("", " ", "hello", "1.0.0", "./index.js", "index.js",
            "index", "./lib", "lib/", "../index.js", "/index.js", "./", ".", "a\\b", "module", "commonjs", "http",
            "schedule", "mqtt", "standard", "run-once", "true", "false", "0", "-1", "007", "999999999", "1e3",
            "https://example.com", "javascript:alert(1)", "JaVaScRiPt:x", "data:,x", "a:", "//x", "mailto:a@b",
            "http://[::1", "512m", "31m", "32m", "0g", "99999999999999999999g", "9223372036854775807k", "rw", "ro",
            "/data", "net_1", "-net", "UTC", "Europe/Berlin", "Mars/Olympus", "5", "3.1.1", "#", "+", "a/#/b",
            "a+/b", "$SYS/#", "\u0000", "\u001f", "\u202e", "\ud83d\ude00", "\ud800", "\udfff", "é", "Ω≈ç√",
            "\uFEFF", "\u2028");
    private static final List<String> NODE_RANGES = List.of("^20", ">=18 <23", "20.x || 22", "~22.3", "20 - 22",
            "*", "x", "", "||", ">", "^", "v20", "20.1.2-beta.1", ">=99", "<0", "1234567", "0.0.0", "~>1.2",
            "=22", "22.x.x", " - ", "20 -", "^0.0.x", "<=20.9999999");
    private static final List<String> CRON = List.of("*", "*/5", "0", "59", "60", "1-5", "5-1", "MON-FRI", "FRI-MON",
            "SUN", "?", "L", "W", "LW", "15W", "5L", "2#3", "#", "JAN", "DEC-JAN", "0/0", "*/0", "1,2,3", ",", "-",
            "1-", "-1", "99999999999", "@daily", "@weekdays", "@foo", "@", "31", "32", "2/", "/2", "0-59/61");
    private static final List<String> REGEX = List.of("^", "/", "a", ".", "*", "+", "?", "(", ")", "[", "]", "{",
            "}", "|", "\\", "$", "^/a", "(?:", "(?=", "(?<n>", "\\k<n>", "\\1", "[^]", "[]", "\\u{1F600}", "\\x4",
            "\\c", "{2,1}", "{,5}", "{99999999999}", "[\\b]", "&&", "\\0", "\\8", "(?i)");

    private JsonText() {
    }

    /** Bytes of a {@code package.json}, from well-formed and valid to not JSON at all. */
    public static Arbitrary<byte[]> manifests() {
        return Arbitraries.randomValue(JsonText::manifest);
    }

    public static byte[] manifest(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> deepNesting(random).getBytes(UTF_8);
            case 1 -> noise(random);
            case 2 -> broken(random);
            case 3 -> value(random, 4).getBytes(UTF_8);
            default -> document(random).getBytes(UTF_8);
        };
    }

    /**
     * A manifest object: half of the time a valid one with at most one field spoiled, otherwise the required fields
     * (usually) and a random choice of the others, many of the wrong type or out of bounds.
     */
    public static String document(Random random) {
        return random.nextBoolean() ? nearlyValid(random) : anyDocument(random);
    }

    private static String nearlyValid(Random random) {
        StringBuilder json = new StringBuilder("{\"name\":\"job-" + random.nextInt(100)
                + "\",\"version\":\"1.0.0\",\"main\":\"./index.js\"");
        for (String key : TOP_KEYS.subList(3, TOP_KEYS.size())) {
            if (random.nextBoolean()) {
                json.append(',').append(quote(key)).append(':').append(validField(random, key));
            }
        }
        if (random.nextBoolean()) {
            String key = TOP_KEYS.get(random.nextInt(TOP_KEYS.size()));
            json.append(',').append(quote(key)).append(':').append(random.nextBoolean() ? field(random, key)
                    : value(random, 2)); // a later duplicate key wins
        }
        return json.append('}').toString();
    }

    private static String validField(Random random, String key) {
        return switch (key) {
            case "description" -> quote("Says hello " + "é".repeat(random.nextInt(10)));
            case "type" -> random.nextBoolean() ? "\"module\"" : "\"commonjs\"";
            case "engines" -> "{\"node\":" + quote(List.of("^20", ">=18", "22.x", "20 - 24", "^22 || ^24")
                    .get(random.nextInt(5))) + "}";
            case "links" -> "[{\"name\":\"docs\",\"url\":\"https://example.com/docs\"}]";
            case "action" -> "{\"runnerMinCount\":" + random.nextInt(4) + ",\"runnerMaxCount\":"
                    + (4 + random.nextInt(12)) + ",\"runnerTimeout\":\"60\",\"runnerMode\":"
                    + (random.nextBoolean() ? "\"standard\"" : "\"run-once\"")
                    + ",\"runnerDockerArguments\":{\"memoryLimit\":\"512m\",\"labels\":[{\"key\":\"a\","
                    + "\"value\":\"b\"}],\"networks\":[\"net-1\"]}}";
            case "triggers" -> "[{\"type\":\"http\",\"path\":\"^/x/(\\\\d+)$\",\"method\":\"GET\"},"
                    + "{\"type\":\"schedule\",\"cron\":\"*/5 * * * *\",\"timezone\":\"UTC\"},"
                    + "{\"type\":\"mqtt\",\"topics\":[\"a/#\"],\"connection\":{\"host\":\"localhost\","
                    + "\"port\":1883}}]";
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static String anyDocument(Random random) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (String key : TOP_KEYS) {
            boolean required = key.equals("name") || key.equals("version") || key.equals("main");
            if (required ? random.nextInt(12) == 0 : random.nextInt(2) == 0) {
                continue;
            }
            first = member(json, first, key, random.nextInt(8) == 0 ? value(random, 3) : field(random, key));
            if (random.nextInt(30) == 0) {
                first = member(json, first, key, value(random, 2)); // duplicate key
            }
        }
        if (random.nextInt(5) == 0) {
            member(json, first, string(random), value(random, 3));
        }
        return json.append('}').toString();
    }

    private static String field(Random random, String key) {
        return switch (key) {
            case "name" -> random.nextInt(4) == 0 ? string(random) : quote("job-" + random.nextInt(100));
            case "version" -> random.nextInt(4) == 0 ? string(random) : quote("1.0." + random.nextInt(10));
            case "main" -> random.nextInt(3) == 0 ? string(random) : quote("./index.js");
            case "engines" -> "{\"node\":" + pick(random, NODE_RANGES.stream().map(JsonText::quote).toList(),
                    string(random), value(random, 1)) + "}";
            case "links" -> array(random, 4, () -> "{\"name\":" + string(random) + ",\"url\":" + string(random)
                    + "}");
            case "action" -> object(random, ACTION_KEYS, k -> k.equals("runnerDockerArguments")
                    ? object(random, DOCKER_KEYS, d -> switch (d) {
                        case "volumes" -> array(random, 3, () -> "{\"source\":" + string(random) + ",\"target\":"
                                + string(random) + ",\"mode\":" + string(random) + "}");
                        case "labels" -> array(random, 3, () -> "{\"key\":" + string(random) + ",\"value\":"
                                + string(random) + "}");
                        case "memoryLimit" -> string(random);
                        default -> array(random, 3, () -> string(random));
                    })
                    : scalar(random));
            case "triggers" -> array(random, random.nextInt(10) == 0 ? 80 : 4, () -> trigger(random));
            default -> string(random);
        };
    }

    private static String trigger(Random random) {
        String type = random.nextInt(10) == 0 ? string(random) : quote(List.of("http", "schedule", "mqtt")
                .get(random.nextInt(3)));
        StringBuilder t = new StringBuilder("{\"type\":").append(type);
        if (random.nextBoolean()) {
            t.append(",\"name\":").append(string(random));
        }
        switch (random.nextInt(3)) {
            case 0 -> t.append(",\"path\":").append(quote(regex(random))).append(",\"method\":")
                    .append(string(random)).append(",\"hostname\":").append(string(random));
            case 1 -> t.append(",\"cron\":").append(quote(cron(random))).append(",\"timezone\":")
                    .append(string(random));
            default -> t.append(",\"topics\":").append(array(random, 3, () -> string(random)))
                    .append(",\"connection\":").append(object(random, CONNECTION_KEYS, k -> scalar(random)));
        }
        return t.append('}').toString();
    }

    private static String cron(Random random) {
        if (random.nextInt(8) == 0) {
            return CRON.get(random.nextInt(CRON.size()));
        }
        int fields = 4 + random.nextInt(4);
        StringBuilder cron = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            cron.append(i == 0 ? "" : " ").append(CRON.get(random.nextInt(CRON.size())));
        }
        return cron.toString();
    }

    private static String regex(Random random) {
        if (random.nextInt(20) == 0) { // deeply nested groups
            int depth = random.nextInt(2000);
            return "^" + "(".repeat(depth) + "a" + ")".repeat(depth);
        }
        StringBuilder regex = new StringBuilder(random.nextBoolean() ? "^" : "/");
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            regex.append(REGEX.get(random.nextInt(REGEX.size())));
        }
        return regex.toString();
    }

    /** A JSON scalar of any type, biased towards numbers and strings at the edges. */
    private static String scalar(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2, 3 -> number(random);
            case 4 -> quote(String.valueOf(random.nextInt(100)));
            case 5 -> "[]";
            case 6 -> "{}";
            default -> random.nextBoolean() ? String.valueOf(random.nextInt(40)) : string(random);
        };
    }

    private static String number(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "1" + "0".repeat(random.nextInt(2000)); // past Jackson's number length limit at 1000
            case 1 -> "1e" + random.nextInt(Integer.MAX_VALUE);
            case 2 -> "-1e-" + random.nextInt(100000);
            case 3 -> "-0";
            case 4 -> "2147483648";
            case 5 -> "-2147483649";
            case 6 -> "9223372036854775808";
            case 7 -> "1.0";
            case 8 -> "1.5";
            case 9 -> "0.1e1";
            case 10 -> "999999999.0000000001";
            case 11 -> "1" + "0".repeat(random.nextInt(400)) + ".5";
            default -> String.valueOf(random.nextLong() >> random.nextInt(64));
        };
    }

    /** A JSON string: a known edge value, random Unicode (escaped or raw), or very long. */
    public static String string(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> quote(randomUnicode(random, random.nextInt(40)));
            case 1 -> quote("x".repeat(random.nextInt(5000)));
            case 2 -> "\"" + "\\u00e9".repeat(random.nextInt(300)) + "\"";
            case 3 -> quote("é".repeat(random.nextInt(5000)));
            case 4 -> random.nextInt(50) == 0 ? quote("y".repeat(200_000 + random.nextInt(100_000))) : "\"\"";
            default -> quote(STRINGS.get(random.nextInt(STRINGS.size())));
        };
    }

    private static String randomUnicode(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            text.append(kind == 0 ? (char) random.nextInt(0x80) : kind == 1 ? (char) random.nextInt(0x10000)
                    : kind == 2 ? (char) (0xD800 + random.nextInt(0x800)) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Any JSON value up to {@code depth} levels deep. */
    public static String value(Random random, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextBoolean() ? scalar(random) : string(random);
        }
        return random.nextBoolean()
                ? array(random, 5, () -> value(random, depth - 1))
                : object(random, TOP_KEYS, k -> value(random, depth - 1));
    }

    private static String deepNesting(Random random) {
        int depth = List.of(10, 499, 500, 501, 999, 1000, 1001, 5000, 100_000).get(random.nextInt(9));
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"name\":\"a\",\"action\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
            default -> "{\"name\":\"a\",\"links\":" + "[".repeat(depth) + "]".repeat(depth) + "}"; // maybe unclosed
        };
    }

    /** Random bytes, often invalid UTF-8. */
    private static byte[] noise(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A manifest broken at the byte level: cut, with invalid UTF-8, a BOM, comments or trailing text. */
    private static byte[] broken(Random random) {
        byte[] json = document(random).getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> out.write(json, 0, random.nextInt(json.length + 1));
            case 1 -> {
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                out.writeBytes(json);
            }
            case 2 -> {
                out.writeBytes(json);
                out.writeBytes(" trailing".getBytes(UTF_8));
            }
            case 3 -> {
                out.writeBytes("/* c */".getBytes(UTF_8));
                out.writeBytes(json);
            }
            default -> {
                int at = random.nextInt(json.length + 1);
                out.write(json, 0, at);
                byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF8,
                        (byte) 0xFF, (byte) 0xC0, (byte) 0xAF};
                out.write(bad, random.nextInt(bad.length), 1);
                out.write(json, at, json.length - at);
            }
        }
        return out.toByteArray();
    }

    private static String array(Random random, int max, java.util.function.Supplier<String> element) {
        StringBuilder array = new StringBuilder("[");
        int count = random.nextInt(max + 1);
        for (int i = 0; i < count; i++) {
            array.append(i == 0 ? "" : ",").append(element.get());
        }
        return array.append(']').toString();
    }

    private static String object(Random random, List<String> keys, java.util.function.Function<String, String> val) {
        StringBuilder object = new StringBuilder("{");
        boolean first = true;
        for (String key : keys) {
            if (random.nextInt(3) == 0) {
                first = member(object, first, key, val.apply(key));
            }
        }
        return object.append('}').toString();
    }

    private static boolean member(StringBuilder object, boolean first, String key, String value) {
        object.append(first ? "" : ",").append(key.startsWith("\"") ? key : quote(key)).append(':').append(value);
        return false;
    }

    @SafeVarargs
    private static <T> T pick(Random random, List<T> known, T... more) {
        int i = random.nextInt(known.size() + more.length);
        return i < known.size() ? known.get(i) : more[i - known.size()];
    }

    /** A JSON string literal; control characters and lone surrogates escaped, everything else raw. */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
