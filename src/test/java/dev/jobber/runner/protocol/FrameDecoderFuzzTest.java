package dev.jobber.runner.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.fuzz.Fuzz;
import dev.jobber.fuzz.JsonText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the manager socket's frame decoding: whatever bytes a runner sends, in whatever pieces they arrive, the
 * decoder gives the same valid frames and then either waits for more or refuses with its own
 * {@link Frames.ProtocolException}; it holds no more than one frame's limits beyond the latest piece, and answers
 * promptly. The limits change after the first frame, as after a runner's hello. {@code -Dfuzz.tries=N} for a long
 * run (docs/reliability.md).
 */
@AddLifecycleHook(Fuzz.class)
class FrameDecoderFuzzTest {

    private static final int PREFIX = 8;
    private static final int COMPACT_AT = 64 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Field BUFFER = field("buffer");
    private static final Field POSITION = field("position");

    @Property(tries = 3_000)
    void anyBytesInAnyPiecesDecodeAlikeWithinTheLimits(@ForAll("streams") Stream stream,
            @ForAll("cuts") List<Integer> cuts) {
        Fuzz.Outcome<Result> outcome = Fuzz.run(DEADLINE, () -> {
            Result whole = decode(stream, List.of());
            Result pieces = decode(stream, cuts);
            assertThat(pieces).as("decoded in pieces at %s: %s", cuts, stream).isEqualTo(whole);
            if (stream.bytes().length <= 4096) {
                List<Integer> everyByte = new ArrayList<>();
                for (int i = 1; i < stream.bytes().length; i++) {
                    everyByte.add(i);
                }
                assertThat(decode(stream, everyByte)).as("decoded byte by byte: %s", stream).isEqualTo(whole);
            }
            return whole;
        });
        if (outcome.thrown() instanceof AssertionError failed) {
            throw failed;
        }
        assertThat(outcome.thrown()).as("what decoding %s threw", stream).isNull();
        Statistics.label("ending").collect(outcome.value().ending().startsWith("refused") ? "refused"
                : "waits for more");
        Statistics.label("frames").collect(Math.min(outcome.value().frames().size(), 3));
    }

    @Property(tries = 3_000)
    void validFramesInAnyPiecesDecodeAsWritten(@ForAll("validFrames") List<JsonObject> headers,
            @ForAll("cuts") List<Integer> cuts) {
        Buffer bytes = Buffer.buffer();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Buffer body = Buffer.buffer(new byte[i * 7 % 50]);
            Frames.appendTo(bytes, headers.get(i), body);
            written.add(describe(headers.get(i), body));
        }
        Stream stream = new Stream(bytes.getBytes(), Frames.MAX_HEADER, Frames.MAX_HEADER, Frames.MAX_BODY);

        Fuzz.Outcome<Result> outcome = Fuzz.run(DEADLINE, () -> decode(stream, cuts));

        assertThat(outcome.thrown()).isNull();
        assertThat(outcome.value()).isEqualTo(new Result(written, "waits with 0 bytes"));
    }

    /** What a decoder made of a stream: the frames, then whether it refused (and why) or waits for more. */
    record Result(List<String> frames, String ending) {
    }

    /**
     * Feeds {@code stream} cut at {@code cuts} (positions taken modulo its length), taking every complete frame after
     * each piece, as a connection does, and checks every frame and what the decoder holds on the way.
     */
    private static Result decode(Stream stream, List<Integer> cuts) throws ReflectiveOperationException {
        byte[] bytes = stream.bytes();
        TreeSet<Integer> ends = new TreeSet<>();
        for (int cut : cuts) {
            ends.add(bytes.length == 0 ? 0 : cut % bytes.length);
        }
        ends.add(bytes.length);
        FrameDecoder decoder = new FrameDecoder(stream.helloMaxHeader(), 0);
        int maxHeader = stream.helloMaxHeader();
        int maxBody = 0;
        List<String> frames = new ArrayList<>();
        int from = 0;
        for (int end : ends) {
            int pieceLength = end - from;
            long carried = (long) PREFIX + maxHeader + maxBody; // the most an unfinished frame held before this piece
            decoder.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, end)));
            from = end;
            try {
                RawFrame frame;
                while ((frame = decoder.next()) != null) {
                    assertThat(frame.header().getValue("t")).isInstanceOf(String.class);
                    assertThat(frame.header().toBuffer().length()).isPositive();
                    assertThat(frame.body().length()).isLessThanOrEqualTo(maxBody);
                    frames.add(describe(frame.header(), frame.body()));
                    if (frames.size() == 1) { // after the hello, as RunnerConnection does
                        maxHeader = stream.maxHeader();
                        maxBody = stream.maxBody();
                        decoder.limits(maxHeader, maxBody);
                    }
                }
            } catch (Frames.ProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
                return new Result(frames, "refused: " + e.getMessage());
            }
            int held = ((Buffer) BUFFER.get(decoder)).length();
            int unread = held - POSITION.getInt(decoder);
            assertThat((long) unread).as("bytes held of an unfinished frame")
                    .isLessThan((long) PREFIX + maxHeader + maxBody);
            assertThat((long) held).as("bytes held after a piece of %d", pieceLength)
                    .isLessThanOrEqualTo(COMPACT_AT + pieceLength + carried);
        }
        int unread = ((Buffer) BUFFER.get(decoder)).length() - POSITION.getInt(decoder);
        return new Result(frames, "waits with " + unread + " bytes");
    }

    private static String describe(JsonObject header, Buffer body) {
        return header.encode() + " + " + HexFormat.of().formatHex(body.getBytes());
    }

    // ---- generators ---------------------------------------------------------------------------------------------

    /** Bytes as a runner might send them, with the limits of the hello and of the frames after it. */
    record Stream(byte[] bytes, int helloMaxHeader, int maxHeader, int maxBody) {
        @Override
        public String toString() {
            return bytes.length + " bytes (hello header ≤ " + helloMaxHeader + ", then header ≤ " + maxHeader
                    + ", body ≤ " + maxBody + "): " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 400))
                    + (bytes.length > 400 ? "…" : "");
        }
    }

    @Provide
    Arbitrary<Stream> streams() {
        return Arbitraries.randomValue(FrameDecoderFuzzTest::stream);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().greaterOrEqual(0).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<JsonObject>> validFrames() {
        return Arbitraries.randomValue(random -> {
            List<JsonObject> headers = new ArrayList<>();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                headers.add(new JsonObject().put("t", JsonText.quote("x")).put("id", random.nextLong())
                        .put("text", new String(Character.toChars(random.nextInt(0x10FFFF - 0xE000) + 0xE000))
                                + "é\u0000\u2028"));
            }
            return headers;
        });
    }

    private static Stream stream(Random random) {
        int helloMax = List.of(2, 64, 16 * 1024, Frames.MAX_HEADER, Frames.MAX_HEADER).get(random.nextInt(5));
        int maxHeader = List.of(2, 256, 4096, Frames.MAX_HEADER).get(random.nextInt(4));
        int maxBody = List.of(0, 1, 64, 8192, Frames.MAX_BODY).get(random.nextInt(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int segments = random.nextInt(8);
        for (int i = 0; i < segments; i++) {
            int limitHeader = i == 0 ? helloMax : maxHeader;
            int limitBody = i == 0 ? 0 : maxBody;
            boolean plain = i == 0 && random.nextInt(10) < 7; // most streams start with a good hello
            byte[] header = plain ? ("{\"t\":\"hello\",\"runnerId\":\"r" + random.nextInt(9) + "\"}").getBytes(UTF_8)
                    : header(random);
            byte[] body = new byte[random.nextInt(4) == 0 && !plain ? random.nextInt(100) : 0];
            random.nextBytes(body);
            long headerLength = header.length;
            long bodyLength = body.length;
            switch (plain ? 9 : random.nextInt(12)) {
                case 0 -> headerLength = lie(random, header.length, limitHeader);
                case 1 -> bodyLength = lie(random, body.length, limitBody);
                case 2 -> {
                    byte[] noise = new byte[random.nextInt(40)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                    continue;
                }
                default -> {
                }
            }
            out.writeBytes(Buffer.buffer().appendInt((int) headerLength).appendInt((int) bodyLength).getBytes());
            out.writeBytes(header);
            out.writeBytes(body);
        }
        if (random.nextInt(4) == 0) {
            byte[] all = out.toByteArray();
            return new Stream(Arrays.copyOf(all, random.nextInt(all.length + 1)), helloMax, maxHeader, maxBody);
        }
        return new Stream(out.toByteArray(), helloMax, maxHeader, maxBody);
    }

    private static long lie(Random random, int truth, int limit) {
        return switch (random.nextInt(9)) {
            case 0 -> truth + 1;
            case 1 -> truth - 1;
            case 2 -> limit;
            case 3 -> limit + 1L;
            case 4 -> -1;
            case 5 -> Integer.MAX_VALUE;
            case 6 -> 0x8000_0000L;
            case 7 -> random.nextInt(3);
            default -> random.nextInt();
        };
    }

    /** A frame header: a valid one, or JSON of any shape, or not JSON, or not UTF-8. */
    private static byte[] header(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> JsonText.manifest(random); // any JSON, deep nesting, noise
            case 1 -> ("{\"t\":" + JsonText.value(random, 2) + "}").getBytes(UTF_8);
            case 2 -> ("{\"t\":\"log\",\"n\":" + List.of("1e999999999", "1" + "0".repeat(1200), "-0", "NaN",
                    "9223372036854775808").get(random.nextInt(5)) + "}").getBytes(UTF_8);
            case 3 -> {
                byte[] bad = "{\"t\":\"log\",\"s\":\"xx\"}".getBytes(UTF_8);
                bad[15] = (byte) List.of(0xC3, 0xED, 0xF8, 0xFF, 0x80).get(random.nextInt(5)).intValue();
                bad[16] = (byte) random.nextInt(256);
                yield bad;
            }
            case 4 -> List.of("[1]", "\"t\"", "null", "1", "{}", "{\"t\":null}", "{\"t\":1}", "{\"T\":\"x\"}", "",
                    "{", "{\"t\":\"x\"} {", "{\"t\":\"x\"}garbage", " {\"t\":\"x\"} ", "\uFEFF{\"t\":\"x\"}",
                    "{\"t\":\"a\",\"t\":\"b\"}", "{'t':'x'}").get(random.nextInt(16)).getBytes(UTF_8);
            case 5 -> ("{\"t\":\"x\",\"d\":" + "[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000))
                    + "}").getBytes(UTF_8);
            default -> ("{\"t\":" + JsonText.string(random) + ",\"id\":" + random.nextInt(1000) + "}")
                    .getBytes(UTF_8);
        };
    }

    private static Field field(String name) {
        try {
            Field field = FrameDecoder.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
