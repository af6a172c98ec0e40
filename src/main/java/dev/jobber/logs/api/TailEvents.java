package dev.jobber.logs.api;

import dev.jobber.logs.TailEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * The live tail's events on the wire: each line as an unnamed event (type {@code message}) with {@code id: <line id>}
 * and a {@link LogView} as data; {@code event: ping} with {@code {"time": ms}}; {@code event: overflow} with
 * {@code {"dropped": n, "since": ms}}, after which the stream ends.
 */
final class TailEvents {

    record Ping(long time) {
    }

    record Overflow(long dropped, long since) {
    }

    private TailEvents() {
    }

    static OutboundSseEvent sse(Sse sse, TailEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE);
        return switch (event) {
            case TailEvent.Line line -> builder.id(Long.toString(line.id()))
                    .data(LogView.class, LogView.of(null, line.line())).build();
            case TailEvent.Ping ping -> builder.name("ping").data(Ping.class, new Ping(ping.at().toEpochMilli()))
                    .build();
            case TailEvent.Overflow overflow -> builder.name("overflow").data(Overflow.class,
                    new Overflow(overflow.dropped(), overflow.since().toEpochMilli())).build();
        };
    }
}
