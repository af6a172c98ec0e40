package dev.jobber.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Mosquitto broker (Debian's package) on a free loopback port, started and stopped by the test. */
public final class Mosquitto implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int webSocketPort;
    private Process process;

    private Mosquitto(Path directory, int port, int webSocketPort) {
        this.directory = directory;
        this.port = port;
        this.webSocketPort = webSocketPort;
    }

    /** Anonymous access, persistence on (a restart keeps sessions and queued messages). */
    public static Mosquitto start() {
        return start(null, null);
    }

    /** With a user and password required; anonymous clients are refused. */
    public static Mosquitto start(String username, String password) {
        try {
            Path directory = Files.createTempDirectory("jobber-mosquitto-");
            // Started as root, mosquitto runs as the user "mosquitto": it must read its files and save its state here.
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            int port = freePort();
            int webSocketPort = freePort();
            StringBuilder config = new StringBuilder()
                    .append("per_listener_settings false\n")
                    .append("listener ").append(port).append(" 127.0.0.1\n")
                    .append("listener ").append(webSocketPort).append(" 127.0.0.1\nprotocol websockets\n")
                    .append("persistence true\npersistence_location ").append(directory).append("/\n")
                    .append("max_queued_messages 100000\n");
            if (username == null) {
                config.append("allow_anonymous true\n");
            } else {
                Path passwords = directory.resolve("passwords");
                Files.writeString(passwords, "");
                run(List.of("mosquitto_passwd", "-b", passwords.toString(), username, password));
                Files.setPosixFilePermissions(passwords,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                config.append("allow_anonymous false\npassword_file ").append(passwords).append('\n');
            }
            Files.writeString(directory.resolve("mosquitto.conf"), config);
            Mosquitto broker = new Mosquitto(directory, port, webSocketPort);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The same broker over MQTT on WebSockets. */
    public int webSocketPort() {
        return webSocketPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the broker gracefully (it saves its state) and starts it again on the same port. */
    public void restart() {
        stop();
        launch();
    }

    /** Starts a stopped broker again on the same port. */
    public void startAgain() {
        launch();
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder("mosquitto", "-c", directory.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start mosquitto (apt-get install mosquitto)", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        stop();
        TestFiles.deleteRecursively(directory);
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IOException("Command failed: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
