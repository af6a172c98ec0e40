package dev.jobber.runner;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Splits one runner's output bytes into lines per key (stream and event): bytes are split on {@code \n} before
 * decoding (so a character split across frames stays whole), a trailing {@code \r} is removed, blank lines are
 * dropped, an unfinished line waits for its end, a line over {@link #MAX_LINE} bytes is cut, and at most
 * {@link #MAX_UNFINISHED} unfinished lines are kept (beyond that the oldest is written as it is). Not thread-safe.
 */
final class LineSplitter<K> {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_UNFINISHED = 256;

    private final Map<K, Buffer> unfinished = new LinkedHashMap<>();

    /** Passes each complete line of {@code bytes} (after what was kept for {@code key}) to {@code lines}. */
    void accept(K key, Buffer bytes, BiConsumer<K, String> lines) {
        Buffer pending = unfinished.remove(key);
        int start = 0;
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.getByte(i) == '\n') {
                Buffer piece = bytes.getBuffer(start, i);
                emit(key, pending == null ? piece : pending.appendBuffer(piece), lines);
                pending = null;
                start = i + 1;
            }
        }
        if (start < bytes.length()) {
            Buffer rest = bytes.getBuffer(start, bytes.length());
            pending = pending == null ? rest : pending.appendBuffer(rest);
            while (pending.length() >= MAX_LINE) {
                int cut = characterBoundary(pending, MAX_LINE);
                emit(key, pending.getBuffer(0, cut), lines);
                pending = pending.getBuffer(cut, pending.length());
            }
        }
        if (pending != null && pending.length() > 0) {
            unfinished.put(key, pending);
            if (unfinished.size() > MAX_UNFINISHED) {
                Iterator<Map.Entry<K, Buffer>> eldest = unfinished.entrySet().iterator();
                Map.Entry<K, Buffer> entry = eldest.next();
                eldest.remove();
                emit(entry.getKey(), entry.getValue(), lines);
            }
        }
    }

    /** Passes every unfinished line to {@code lines} and forgets them. */
    void finish(BiConsumer<K, String> lines) {
        unfinished.forEach((key, pending) -> emit(key, pending, lines));
        unfinished.clear();
    }

    /** The last position at or before {@code at} that does not split a UTF-8 character. */
    private static int characterBoundary(Buffer bytes, int at) {
        int cut = at;
        while (cut > at - 4 && cut > 0 && (bytes.getByte(cut) & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    private static <K> void emit(K key, Buffer bytes, BiConsumer<K, String> lines) {
        int end = bytes.length();
        if (end > 0 && bytes.getByte(end - 1) == '\r') {
            end--;
        }
        String text = bytes.getString(0, end, StandardCharsets.UTF_8.name());
        if (!text.isBlank()) {
            lines.accept(key, text);
        }
    }
}
