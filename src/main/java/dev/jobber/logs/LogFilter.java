package dev.jobber.logs;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Which lines of a job to keep, by content: whose message contains {@code text} (ignoring case), of one request, of
 * one source (runner or system) and of one stream (stdout or stderr). History and the live tail share it.
 */
public record LogFilter(Optional<String> text, Optional<UUID> requestId, Optional<LogLine.Source> source,
        Optional<LogLine.Stream> stream) {

    /** Keeps every line. */
    public static final LogFilter NONE = new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public LogFilter withText(String value) {
        return new LogFilter(Optional.of(value), requestId, source, stream);
    }

    public LogFilter withRequestId(UUID value) {
        return new LogFilter(text, Optional.of(value), source, stream);
    }

    public LogFilter withSource(LogLine.Source value) {
        return new LogFilter(text, requestId, Optional.of(value), stream);
    }

    public LogFilter withStream(LogLine.Stream value) {
        return new LogFilter(text, requestId, source, Optional.of(value));
    }

    public boolean matches(LogLine line) {
        return text.map(t -> line.message().toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT)))
                .orElse(true)
                && requestId.map(r -> r.equals(line.requestId())).orElse(true)
                && source.map(s -> s == line.source()).orElse(true)
                && stream.map(s -> s == line.stream()).orElse(true);
    }
}
