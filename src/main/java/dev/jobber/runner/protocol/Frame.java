package dev.jobber.runner.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Every frame of the runner protocol (docs/runner-protocol.md), one record per type. {@link FrameCodec} is the only
 * place that turns them into bytes and back. Bodies are never null (an empty buffer when the frame has none);
 * headers are name and value pairs in order, case and repetitions kept.
 */
public sealed interface Frame {

    /** A frame a runner may send to the manager. */
    sealed interface FromRunner extends Frame {
    }

    /** A frame the manager sends to a runner. */
    sealed interface ToRunner extends Frame {
    }

    /** A frame about one event in flight. */
    sealed interface ForEvent extends Frame {
        long id();
    }

    // ---- handshake ----------------------------------------------------------------------------------------------

    /**
     * The runner's first frame; {@code window} 0 when it takes request bodies without flow control. Its text leaves
     * the secret out.
     */
    record Hello(long protocol, String runnerId, String secret, String node, long window) implements FromRunner {
        @Override
        public String toString() {
            return "Hello[protocol=" + protocol + ", runnerId=" + runnerId + ", node=" + node + ", window=" + window
                    + "]";
        }
    }

    /** The job's environment and module; {@code window} 0 when the runner's responses are not flow-controlled. */
    record Init(Map<String, String> env, String jobName, String jobVersion, String main, long window)
            implements ToRunner {
        /** Names the variables, never their values (secrets among them). */
        @Override
        public String toString() {
            return "Init[env=" + env.keySet() + ", job=" + jobName + "@" + jobVersion + ", main=" + main
                    + ", window=" + window + "]";
        }
    }

    record Reject(String message) implements ToRunner {
    }

    record Ready() implements FromRunner {
    }

    /** The module or its bootstrap failed; {@code stack} may be null. */
    record Failed(String message, String stack) implements FromRunner {
    }

    // ---- events and answers -------------------------------------------------------------------------------------

    /** An event for the function: what fired it, and its body (whole, or following in chunks when streamed). */
    record Event(long id, EventSource source, boolean stream, Buffer body) implements ToRunner, ForEvent {
    }

    record Cancel(long id) implements ToRunner, ForEvent {
    }

    record Response(long id, int status, List<Map.Entry<String, String>> headers, boolean stream, Buffer body)
            implements FromRunner, ForEvent {
    }

    /** A piece of a streamed request body (to the runner) or response body (from it). */
    record Chunk(long id, Buffer body) implements FromRunner, ToRunner, ForEvent {
    }

    record End(long id) implements FromRunner, ToRunner, ForEvent {
    }

    /** Credit for {@code bytes} more of an event's streamed body, granted by its receiver. */
    record Window(long id, long bytes) implements FromRunner, ToRunner, ForEvent {
    }

    /** The function failed on the event; {@code stack} may be null. */
    record Error(long id, String message, String stack) implements FromRunner, ForEvent {
    }

    // ---- calls, logs, liveness ----------------------------------------------------------------------------------

    /**
     * A request of the function ({@code getStore}, {@code publish}, …). Its {@code arguments} (the header's other
     * fields) are checked by whoever answers the operation, which refuses bad ones with a failed {@link Reply}.
     */
    record Call(long cid, String op, JsonObject arguments, Buffer body) implements FromRunner {
    }

    /**
     * The answer to a call: {@code ok} with {@code result} fields merged into the header (for example {@code item})
     * and a body, or not {@code ok} with a {@code message}.
     */
    record Reply(long cid, boolean ok, JsonObject result, String message, Buffer body) implements ToRunner {

        public static Reply success(long cid, JsonObject result, Buffer body) {
            return new Reply(cid, true, result, null, body == null ? Buffer.buffer() : body);
        }

        public static Reply failure(long cid, String message) {
            return new Reply(cid, false, new JsonObject(), message, Buffer.buffer());
        }
    }

    /** Output of the function; {@code id} is null outside events. */
    record Log(Stream stream, Long id, Buffer body) implements FromRunner {

        public enum Stream {
            STDOUT, STDERR
        }
    }

    record Ping() implements ToRunner {
    }

    record Pong() implements FromRunner {
    }

    record Shutdown() implements ToRunner {
    }
}
