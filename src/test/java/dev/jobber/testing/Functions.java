package dev.jobber.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JavaScript functions kept under src/test/resources/functions. */
public final class Functions {

    private Functions() {
    }

    public static String source(String name) {
        try (InputStream in = Functions.class.getResourceAsStream("/functions/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test function " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The echo function answering {@code /echo/version} with {@code label}. */
    public static String echo(String label) {
        return source("echo.js").replace("process.env.JOBBER_TEST_VERSION ?? 'v?'", "'" + label + "'");
    }
}
