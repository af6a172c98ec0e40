package dev.jobber.runner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static Buffer frame(String header, int bodyLength) {
        Buffer json = Buffer.buffer(header);
        return Buffer.buffer().appendInt(json.length()).appendInt(bodyLength).appendBuffer(json)
                .appendBuffer(Buffer.buffer(new byte[bodyLength]));
    }

    @Test
    void refusesAFrameOverTheLimitsAsSoonAsItsPrefixIsIn() {
        FrameDecoder decoder = new FrameDecoder(16 * 1024, 0);
        decoder.feed(Buffer.buffer().appendInt(1024 * 1024).appendInt(0));
        assertThatThrownBy(decoder::next).isInstanceOf(Frames.ProtocolException.class)
                .hasMessageContaining("frame lengths out of bounds");
    }

    @Test
    void givesFramesOneAtATimeOnceComplete() {
        FrameDecoder decoder = new FrameDecoder(Frames.MAX_HEADER, Frames.MAX_BODY);
        Buffer two = frame("{\"t\":\"a\"}", 3).appendBuffer(frame("{\"t\":\"b\"}", 0));
        decoder.feed(two.getBuffer(0, 12));
        assertThat(decoder.next()).isNull();
        decoder.feed(two.getBuffer(12, two.length()));
        RawFrame first = decoder.next();
        assertThat(first.header()).isEqualTo(new JsonObject().put("t", "a"));
        assertThat(first.body().length()).isEqualTo(3);
        assertThat(decoder.next().type()).isEqualTo("b");
        assertThat(decoder.next()).isNull();
    }

    @Test
    void refusesAHeaderThatIsNoObjectWithAStringType() {
        for (String header : new String[] {"[1,2]", "{\"t\":7}", "{nope"}) {
            FrameDecoder decoder = new FrameDecoder(Frames.MAX_HEADER, Frames.MAX_BODY);
            decoder.feed(frame(header, 0));
            assertThatThrownBy(decoder::next).as(header).isInstanceOf(Frames.ProtocolException.class);
        }
    }

    @Test
    void appliesRaisedLimitsFromTheNextFrameOn() {
        FrameDecoder decoder = new FrameDecoder(64, 0);
        decoder.feed(frame("{\"t\":\"hello\"}", 0).appendBuffer(frame("{\"t\":\"log\"}", 10)));
        assertThat(decoder.next().type()).isEqualTo("hello");
        decoder.limits(Frames.MAX_HEADER, Frames.MAX_BODY);
        assertThat(decoder.next().body().length()).isEqualTo(10);
    }
}
