package dev.jobber.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An HTTP endpoint on loopback that functions under test report to; keeps every JSON body it receives. */
public final class TickRecorder implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private volatile boolean released;

    public TickRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/released", exchange -> {
            byte[] answer = String.valueOf(released).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            received.add(MAPPER.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tick";
    }

    /** Answers {@code true} once {@link #release()} was called. */
    public String releasedUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/released";
    }

    /** Functions that wait for it (GET /released answers {@code true}) go on from now. */
    public void release() {
        released = true;
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** A function (ticks.js) reporting to this recorder, waiting {@code delayMs} after each report. */
    public String function(long delayMs) {
        return Functions.source("ticks.js").replace("'RECORDER_URL'", "'" + url() + "'")
                .replace("Number('DELAY_MS')", String.valueOf(delayMs));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
