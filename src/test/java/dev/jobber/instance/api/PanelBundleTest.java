package dev.jobber.instance.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The built panel (in the jar's resources) stays small and loads nothing from another origin. */
class PanelBundleTest {

    private static final Path PANEL = Path.of("target/classes/META-INF/resources/jobber");
    private static final long BUDGET = 300 * 1024;

    @Test
    void theWholePanelIsUnder300KilobytesGzipped() throws IOException {
        assertThat(PANEL.resolve("index.html")).as("the panel is built (no -Dpanel.skip)").exists();
        long total;
        try (Stream<Path> files = Files.walk(PANEL)) {
            total = files.filter(Files::isRegularFile).mapToLong(PanelBundleTest::gzipped).sum();
        }
        assertThat(total).isLessThan(BUDGET);
    }

    @Test
    void itsPageLoadsOnlyItsOwnScriptsAndStyles() throws IOException {
        String index = Files.readString(PANEL.resolve("index.html"));
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(index);
        List<String> found = refs.results().map(m -> m.group(1)).toList();
        assertThat(found).isNotEmpty().allSatisfy(ref -> assertThat(ref).matches("/jobber/.*|data:.*"));
    }

    private static long gzipped(Path file) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(Files.readAllBytes(file));
            }
            return out.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
