package dev.jobber.runner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.config.ManagerConfig;
import io.smallrye.config.WithDefault;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against the golden frames the runner's tests read too ({@code runner-images/test/fixtures/frames/}):
 * every fixture decodes to its record and encodes back to the same bytes, the shared limits agree, and malformed
 * frames are refused with a message that says why.
 */
class FrameCodecTest {

    private static final Path FIXTURES = Path.of("runner-images", "test", "fixtures", "frames");

    private static JsonObject read(String file) throws IOException {
        String text = Files.readString(FIXTURES.resolve(file));
        return text.startsWith("[") ? new JsonObject().put("list", new JsonArray(text)) : new JsonObject(text);
    }

    static Stream<JsonObject> frames() throws IOException {
        return read("frames.json").getJsonArray("list").stream().map(JsonObject.class::cast);
    }

    static Stream<JsonObject> managerSideMalformed() throws IOException {
        return read("malformed.json").getJsonArray("managerSide").stream().map(JsonObject.class::cast);
    }

    static Stream<JsonObject> bothSidesMalformed() throws IOException {
        return read("malformed.json").getJsonArray("bothSides").stream().map(JsonObject.class::cast);
    }

    private static Buffer body(JsonObject fixture) {
        if (fixture.containsKey("bodyBase64")) {
            return Buffer.buffer(Base64.getDecoder().decode(fixture.getString("bodyBase64")));
        }
        return Buffer.buffer(fixture.getString("body", ""));
    }

    /** The fixture as the wire carries it: its header as compact JSON in the fixture's field order, then its body. */
    private static Buffer wire(JsonObject header, Buffer body) {
        Buffer json = header.toBuffer();
        return Buffer.buffer().appendInt(json.length()).appendInt(body.length()).appendBuffer(json)
                .appendBuffer(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void everyGoldenFrameDecodesAndEncodesToTheSameBytes(JsonObject fixture) {
        Buffer wire = wire(fixture.getJsonObject("header"), body(fixture));

        Frame frame = FrameCodec.decode(wire);

        assertThat(FrameCodec.type(frame)).isEqualTo(fixture.getJsonObject("header").getString("t"));
        assertThat(FrameCodec.encode(frame).getBytes()).as(fixture.getString("name")).isEqualTo(wire.getBytes());
        assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
        if (fixture.getString("from").equals("runner")) {
            assertThat(frame).isInstanceOf(Frame.FromRunner.class);
            RawFrame raw = new RawFrame(fixture.getJsonObject("header"), body(fixture));
            assertThat(FrameCodec.fromRunner(raw)).isEqualTo(frame);
        } else {
            assertThat(frame).isInstanceOf(Frame.ToRunner.class);
        }
    }

    @Test
    void everyFrameTypeHasAGoldenFrame() throws IOException {
        Set<Class<?>> covered = new HashSet<>();
        frames().forEach(fixture -> covered.add(FrameCodec.decode(wire(fixture.getJsonObject("header"),
                body(fixture))).getClass()));
        Set<Class<?>> records = new HashSet<>();
        Deque<Class<?>> types = new ArrayDeque<>(List.of(Frame.class));
        while (!types.isEmpty()) {
            Class<?> type = types.pop();
            if (type.isRecord()) {
                records.add(type);
            } else {
                types.addAll(List.of(type.getPermittedSubclasses()));
            }
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void theLimitsAreTheOnesTheRunnerKnows() throws Exception {
        JsonObject constants = read("constants.json");
        assertThat(ManagerServer.PROTOCOL_VERSION).isEqualTo(constants.getInteger("protocolVersion"));
        assertThat(Frames.MAX_HEADER).isEqualTo(constants.getInteger("maxHeaderBytes"));
        assertThat(Frames.MAX_BODY).isEqualTo(constants.getInteger("maxBodyBytes"));
        assertThat(Frames.RESPONSE_WINDOW).isEqualTo(constants.getInteger("responseWindowBytes"));
        assertThat(Frames.WINDOW_STEP).isEqualTo(constants.getInteger("responseWindowStepBytes"));
        String helloMax = ManagerConfig.Limits.class.getMethod("helloMaxSize").getAnnotation(WithDefault.class)
                .value();
        assertThat(helloMax).isEqualTo(constants.getInteger("helloMaxBytes") / 1024 + "K");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("managerSideMalformed")
    void aMalformedRunnerFrameIsRefusedWithItsReason(JsonObject fixture) {
        RawFrame raw = new RawFrame(fixture.getJsonObject("header"), Buffer.buffer());

        assertThatThrownBy(() -> FrameCodec.fromRunner(raw)).isInstanceOf(Frames.ProtocolException.class)
                .hasMessage(fixture.getString("error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothSidesMalformed")
    void aFrameThatBreaksTheFramingIsRefused(JsonObject fixture) {
        Buffer bytes;
        if (fixture.containsKey("prefix")) {
            bytes = Buffer.buffer().appendInt(fixture.getJsonArray("prefix").getInteger(0))
                    .appendInt(fixture.getJsonArray("prefix").getInteger(1));
        } else {
            Buffer json = Buffer.buffer(fixture.getString("headerText"));
            bytes = Buffer.buffer().appendInt(json.length()).appendInt(0).appendBuffer(json);
        }
        FrameDecoder decoder = new FrameDecoder(Frames.MAX_HEADER, Frames.MAX_BODY);
        decoder.feed(bytes);

        assertThatThrownBy(decoder::next).isInstanceOf(Frames.ProtocolException.class).hasMessageContaining("frame");
    }

    @Test
    void aFrameOverTheLimitsIsNotEncoded() {
        Frame.Chunk chunk = new Frame.Chunk(1, Buffer.buffer(new byte[Frames.MAX_BODY + 1]));

        assertThatThrownBy(() -> FrameCodec.encode(chunk)).isInstanceOf(Frames.ProtocolException.class)
                .hasMessageContaining("frame too large");
    }

    @Test
    void bytesThatAreNotExactlyOneFrameAreNotDecoded() {
        Buffer ping = FrameCodec.encode(new Frame.Ping());

        assertThatThrownBy(() -> FrameCodec.decode(ping.getBuffer(0, ping.length() - 1)))
                .isInstanceOf(Frames.ProtocolException.class).hasMessageContaining("not exactly one frame");
        assertThatThrownBy(() -> FrameCodec.decode(ping.copy().appendBuffer(ping)))
                .isInstanceOf(Frames.ProtocolException.class).hasMessageContaining("not exactly one frame");
    }

    @Test
    void aRunnerFrameMayLeaveOutWhatTheManagerCanDoWithout() {
        RawFrame response = new RawFrame(new JsonObject().put("t", "response").put("id", 3), Buffer.buffer("x"));
        RawFrame window = new RawFrame(new JsonObject().put("t", "window").put("id", 3).put("bytes", "many"),
                Buffer.buffer());
        RawFrame log = new RawFrame(new JsonObject().put("t", "log").put("stream", "other").put("id", "x"),
                Buffer.buffer("a\n"));
        RawFrame failed = new RawFrame(new JsonObject().put("t", "failed"), Buffer.buffer());

        assertThat(FrameCodec.fromRunner(response)).isEqualTo(new Frame.Response(3, 200, List.of(), false,
                Buffer.buffer("x")));
        assertThat(FrameCodec.fromRunner(window)).isEqualTo(new Frame.Window(3, 0));
        assertThat(FrameCodec.fromRunner(log)).isEqualTo(new Frame.Log(Frame.Log.Stream.STDOUT, null,
                Buffer.buffer("a\n")));
        assertThat(FrameCodec.fromRunner(failed)).isEqualTo(new Frame.Failed(null, null));
    }

    @Test
    void responseHeadersKeepOnlyNameAndValuePairs() {
        JsonArray headers = new JsonArray().add(new JsonArray().add("a").add(1)).add("junk")
                .add(new JsonArray().add(2).add("b")).add(new JsonArray().add("c").add("3"));
        RawFrame response = new RawFrame(new JsonObject().put("t", "response").put("id", 1).put("status", 201)
                .put("headers", headers), Buffer.buffer());

        assertThat(((Frame.Response) FrameCodec.fromRunner(response)).headers())
                .containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
    }

    @Test
    void theTextOfAHandshakeFrameShowsNoSecret() {
        Frame.Hello hello = new Frame.Hello(1, "runner-1", "the-secret", "v22.12.0", 0);
        Frame.Init init = new Frame.Init(Map.of("API_KEY", "the-value"), "api", "1.0.0", "./index.js", 0);

        assertThat(hello.toString()).contains("runner-1").doesNotContain("the-secret");
        assertThat(init.toString()).contains("API_KEY").doesNotContain("the-value");
    }
}
