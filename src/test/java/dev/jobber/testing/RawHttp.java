package dev.jobber.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client connection on a plain socket, for tests that send and receive at the same time (which
 * {@code java.net.http} does not promise): the request body may be written while the answer is read.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private long chunkLeft = -1;
    private boolean bodyEnded;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** Opens a connection and sends a request head; {@code length} null means a chunked body. */
    public static RawHttp open(int port, String method, String path, String host, Long length) {
        return open(port, method, path, host, length, Map.of());
    }

    /** As {@link #open(int, String, String, String, Long)}, with more request headers. */
    public static RawHttp open(int port, String method, String path, String host, Long length,
            Map<String, String> headers) {
        return open(null, port, method, path, host, length, headers);
    }

    /** As {@link #open(int, String, String, String, Long, Map)}, from the local address {@code from} (null: any). */
    public static RawHttp open(InetAddress from, int port, String method, String path, String host, Long length,
            Map<String, String> headers) {
        try {
            Socket socket = new Socket();
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            RawHttp http = new RawHttp(socket);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (length == null ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n"));
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            http.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            http.out.flush();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a GET with {@code headers} on a connection whose receive buffer is {@code receiveBuffer} bytes, so a
     * test that does not read makes the server's writes wait soon.
     */
    public static RawHttp get(int port, String path, Map<String, String> headers, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            RawHttp http = new RawHttp(socket);
            StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            http.send(head.append("\r\n").toString());
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads fail with {@link SocketTimeoutException} after waiting {@code timeout} for a byte. */
    public void timeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Opens a connection and sends nothing yet. */
    public static RawHttp connect(int port) {
        try {
            return new RawHttp(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text as it is: a request head, part of one, or several. */
    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes body bytes as they are (a Content-Length body). */
    public void write(byte[] data, int offset, int length) throws IOException {
        out.write(data, offset, length);
    }

    /** Writes one chunk of a chunked body. */
    public void writeChunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends a chunked body. */
    public void endChunks() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the status line and headers; returns the status. */
    public int readHead() throws IOException {
        headers.clear();
        chunkLeft = -1;
        bodyEnded = false;
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Reads up to {@code buffer.length} bytes of a chunked answer's body; -1 at its end. */
    public int readBody(byte[] buffer) throws IOException {
        if (bodyEnded) {
            return -1;
        }
        if (chunkLeft <= 0) {
            if (chunkLeft == 0) {
                line(); // the CRLF after a chunk
            }
            chunkLeft = Long.parseLong(line().split(";")[0].trim(), 16);
            if (chunkLeft == 0) {
                line();
                bodyEnded = true;
                return -1;
            }
        }
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, chunkLeft));
        if (n < 0) {
            throw new EOFException("the connection closed inside a chunk");
        }
        chunkLeft -= n;
        return n;
    }

    /** Reads a chunked answer's body up to and including the next {@code \n}. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (readBody(one) == 1) {
            line.write(one[0]);
            if (one[0] == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Reads the body of an answer with Content-Length, leaving the connection ready for the next answer. */
    public String readFixedBody() throws IOException {
        String length = header("content-length");
        if (length == null) {
            throw new IllegalStateException("the answer has no Content-Length; headers: " + headers);
        }
        return new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    }

    /** Whether the server closes the connection within {@code wait}, discarding whatever it sends until then. */
    public boolean closedWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    /** The answer's body of {@code Content-Length} bytes. */
    public String readBody() throws IOException {
        return new String(in.readNBytes(Integer.parseInt(header("Content-Length"))), StandardCharsets.UTF_8);
    }

    /** The rest of the connection's bytes until it closes (an answer with Content-Length or Connection: close). */
    public String readToClose() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the connection closed; read so far: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
