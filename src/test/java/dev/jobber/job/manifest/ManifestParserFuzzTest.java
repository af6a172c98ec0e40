package dev.jobber.job.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.common.ValidationException;
import dev.jobber.fuzz.Fuzz;
import dev.jobber.fuzz.JsonText;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the second half of the publish endpoint's inspection: whatever a {@code package.json} holds, the parser
 * answers a manifest or a {@link ValidationException} naming the problems, promptly and in bounded memory.
 * {@code -Dfuzz.tries=N} for a long run (docs/reliability.md).
 */
@AddLifecycleHook(Fuzz.class)
class ManifestParserFuzzTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long MAX_ALLOCATED = 256L * 1024 * 1024;
    private static final Set<String> ARCHIVE = Set.of("package.json", "index.js", "lib/index.js");

    private final ManifestParser parser = new ManifestParser(new ObjectMapper(),
            TestManifestLimits.of(32, Duration.ofSeconds(1)));

    @Property(tries = 3_000)
    void anyPackageJsonGivesAManifestOrTheProblems(@ForAll("manifests") byte[] json) {
        Fuzz.Outcome<Manifest> outcome = Fuzz.run(DEADLINE, () -> parser.parse(json, ARCHIVE::contains));

        if (outcome.thrown() == null) {
            Manifest manifest = outcome.value();
            assertThat(manifest.name()).isNotEmpty();
            assertThat(manifest.main()).startsWith("./");
            assertThat(manifest.triggers()).hasSizeLessThanOrEqualTo(64);
            Statistics.label("outcome").collect("accepted");
        } else {
            assertThat(outcome.thrown()).as("what parsing threw for %s", JsonSample.of(json))
                    .isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) outcome.thrown()).errors()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.message()).isNotBlank());
            Statistics.label("outcome").collect("rejected");
        }
        assertThat(outcome.allocatedBytes()).as("bytes allocated for %s", JsonSample.of(json))
                .isLessThan(MAX_ALLOCATED);
    }

    @Provide
    Arbitrary<byte[]> manifests() {
        return JsonText.manifests();
    }

    /** The start of an input, for failure messages. */
    record JsonSample(String text) {
        static JsonSample of(byte[] bytes) {
            String text = new String(bytes, 0, Math.min(bytes.length, 2000), java.nio.charset.StandardCharsets.UTF_8);
            return new JsonSample(text + (bytes.length > 2000 ? "… (" + bytes.length + " bytes)" : ""));
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
