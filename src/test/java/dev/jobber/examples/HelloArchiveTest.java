package dev.jobber.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/hello.zip} is what the README has a newcomer drop into the panel: it must hold exactly the
 * example's function as it is in {@code examples/hello}. Rebuild it with
 * {@code (cd examples/hello && zip -X ../hello.zip package.json index.js)}.
 */
class HelloArchiveTest {

    @Test
    void theExampleArchiveHoldsTheExampleAsItIs() throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Path.of("examples/hello.zip")))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(zip.readAllBytes()));
            }
        }
        assertThat(entries).containsOnlyKeys("package.json", "index.js");
        for (String name : entries.keySet()) {
            assertThat(entries.get(name)).as(name).isEqualTo(Files.readString(Path.of("examples/hello", name)));
        }
    }
}
