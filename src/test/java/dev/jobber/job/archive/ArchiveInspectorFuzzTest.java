package dev.jobber.job.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.common.PayloadTooLargeException;
import dev.jobber.common.ValidationException;
import dev.jobber.fuzz.Fuzz;
import dev.jobber.fuzz.JsonText;
import dev.jobber.job.manifest.TestManifestLimits;
import dev.jobber.job.manifest.ManifestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the publish endpoint's archive inspection: whatever bytes are uploaded, the inspector accepts them with a
 * result within its limits or refuses them with {@link ValidationException} / {@link PayloadTooLargeException} and a
 * message — promptly, in bounded memory, and never with another exception. What it accepts goes on to the manifest
 * parser, as at publish. {@code -Dfuzz.tries=N} for a long run (docs/reliability.md).
 */
@AddLifecycleHook(Fuzz.class)
class ArchiveInspectorFuzzTest {

    /** 64 KiB uploaded, 256 KiB expanded, 20 entries: small, so that cases stay fast and limits are often hit. */
    private static final ArchiveLimits LIMITS = new ArchiveLimits(64 * 1024, 256 * 1024, 20);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The manifest (1 MiB, buffered twice while growing) and the file's headers are all an inspection may hold. */
    private static final long MAX_ALLOCATED = 32L * 1024 * 1024;
    private static final long[] INTERESTING = {0, 1, 2, 10, 0x7F, 0xFF, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L,
            0xFFFF_FFFEL, 0xFFFF_FFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1, 300 * 1024,
            64 * 1024 + 1};
    private static final List<String> NAMES = List.of("lib/util.js", "lib/", "node_modules/dep/index.js", "a/b/c/",
            "../x.js", "a/../../x.js", "lib/..", "..\\x.js", "/etc/passwd", "\\etc\\x", "C:\\x.js", "c:/x.js",
            "\\\\server\\share\\x", "", "a\u0000b", "package.json", "PACKAGE.JSON", "./package.json", "package.json/",
            "index.js", "..", ".", "...", "a/./b.js", "a//b.js", "é/ü.js", "\u202egnp.js", "\ud83d\ude00.js",
            "lib\\util.js", "a:b", "x/..y", "..a/x");

    private static final Path FILE = temporaryFile();

    private final ArchiveInspector inspector = new ArchiveInspector(LIMITS);
    private final ManifestParser parser = new ManifestParser(new ObjectMapper(),
            TestManifestLimits.of(32, Duration.ofSeconds(1)));

    @Property
    void anyBytesAreAcceptedWithinTheLimitsOrRefusedWithTheProblem(@ForAll("noise") byte[] bytes) {
        inspectAndCheck(bytes);
    }

    @Property
    void craftedArchivesAreAcceptedWithinTheLimitsOrRefusedWithTheProblem(@ForAll("crafted") byte[] zip) {
        inspectAndCheck(zip);
    }

    @Property
    void damagedArchivesAreAcceptedWithinTheLimitsOrRefusedWithTheProblem(@ForAll("crafted") byte[] zip,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] bytes = zip;
        for (Mutation mutation : mutations) {
            bytes = mutation.apply(bytes);
        }
        inspectAndCheck(bytes);
    }

    @Property
    void honestArchivesWithinTheLimitsAreAcceptedAsWritten(@ForAll("honest") Honest archive) {
        byte[] bytes = archive.zip().toBytes();
        Fuzz.Outcome<InspectedArchive> outcome = inspect(bytes);

        assertThat(outcome.thrown()).as("inspecting an honest archive of %s", archive.files().keySet()).isNull();
        assertThat(outcome.value().files()).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
        assertThat(outcome.value().manifest()).isEqualTo(archive.files().get(ArchiveInspector.MANIFEST));
        assertThat(outcome.value().size()).isEqualTo(bytes.length);
    }

    private void inspectAndCheck(byte[] bytes) {
        Fuzz.Outcome<InspectedArchive> outcome = inspect(bytes);
        assertThat(outcome.allocatedBytes()).as("bytes allocated inspecting %s", Sample.of(bytes))
                .isLessThan(MAX_ALLOCATED);
        if (outcome.thrown() == null) {
            InspectedArchive archive = outcome.value();
            assertThat(archive.size()).isEqualTo(bytes.length).isLessThanOrEqualTo(LIMITS.maxSize());
            assertThat(archive.files()).hasSizeLessThanOrEqualTo(LIMITS.maxEntries()).contains(ArchiveInspector.MANIFEST)
                    .allSatisfy(name -> assertThat(ArchiveInspector.nameProblem(name)).as(name).isEmpty());
            assertThat(archive.manifest().length).isLessThanOrEqualTo(ArchiveInspector.MAX_MANIFEST_SIZE);
            assertThat(archive.sha256()).isEqualTo(ArchiveInspector.sha256(FILE));
            Fuzz.Outcome<?> parsed = Fuzz.run(DEADLINE, () -> parser.parse(archive.manifest(), archive::contains));
            assertThat(parsed.thrown()).as("what parsing the accepted manifest threw")
                    .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(
                            ValidationException.class));
            Statistics.label("outcome").collect(parsed.thrown() == null ? "accepted, manifest valid"
                    : "accepted, manifest refused");
        } else {
            Throwable thrown = outcome.thrown();
            assertThat(thrown).as("what inspecting %s threw", Sample.of(bytes))
                    .isInstanceOfAny(ValidationException.class, PayloadTooLargeException.class);
            assertThat(thrown.getMessage()).isNotBlank();
            if (thrown instanceof ValidationException invalid) {
                assertThat(invalid.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.message()).isNotBlank());
            }
            Statistics.label("outcome").collect(thrown.getClass().getSimpleName());
        }
    }

    private Fuzz.Outcome<InspectedArchive> inspect(byte[] bytes) {
        try {
            Files.write(FILE, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Fuzz.run(DEADLINE, () -> inspector.inspect(FILE));
    }

    // ---- generators ---------------------------------------------------------------------------------------------

    /** Random bytes, alone or around the signatures and records a zip reader looks for first. */
    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.randomValue(random -> {
            byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 64 : 2048)];
            random.nextBytes(bytes);
            return switch (random.nextInt(5)) {
                case 0 -> bytes;
                case 1 -> concat(new byte[] {'P', 'K', 3, 4}, bytes);
                case 2 -> concat(bytes, endRecord(random));
                case 3 -> concat(bytes, concat(zip64Records(random), endRecord(random)));
                default -> endRecord(random);
            };
        });
    }

    /** Zips with adversity in their structure: names, counts, sizes, attributes, flags, methods, zip64 records. */
    @Provide
    Arbitrary<byte[]> crafted() {
        return Arbitraries.randomValue(random -> crafted(random).toBytes());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.longs()).as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Honest> honest() {
        return Arbitraries.randomValue(ArchiveInspectorFuzzTest::honest);
    }

    private static RawZip crafted(Random random) {
        RawZip zip = new RawZip();
        if (random.nextInt(10) != 0) {
            zip.add(ArchiveInspector.MANIFEST, JsonText.manifest(random), random.nextBoolean());
        }
        zip.add("index.js", "exports.handler = () => 'hi';".getBytes(UTF_8), random.nextBoolean());
        int more = random.nextInt(8) == 0 ? 15 + random.nextInt(30) : random.nextInt(6);
        for (int i = 0; i < more; i++) {
            byte[] content = content(random);
            zip.add(name(random), content, content.length > 4096 || random.nextBoolean());
        }
        for (RawZip.Entry entry : zip.entries) {
            if (random.nextInt(6) == 0) {
                lie(random, entry);
            }
        }
        if (random.nextInt(3) == 0) {
            java.util.Collections.shuffle(zip.entries, random);
        }
        switch (random.nextInt(12)) {
            case 0 -> zip.zip64End = true;
            case 1 -> {
                zip.zip64End = true;
                zip.zip64RecordSize = interesting(random);
            }
            case 2 -> zip.declaredCount = (int) interesting(random);
            case 3 -> zip.declaredDirectoryOffset = interesting(random);
            case 4 -> zip.declaredDirectorySize = interesting(random);
            case 5 -> {
                zip.comment = new byte[random.nextInt(100)];
                random.nextBytes(zip.comment);
            }
            case 6 -> zip.comment = endRecord(random); // a second end record inside the comment
            default -> {
            }
        }
        return zip;
    }

    private static void lie(Random random, RawZip.Entry entry) {
        switch (random.nextInt(12)) {
            case 0 -> entry.crc = random.nextLong() & 0xFFFF_FFFFL;
            case 1 -> entry.declaredSize = interesting(random);
            case 2 -> entry.declaredCompressedSize = interesting(random);
            case 3 -> entry.method = List.of(0, 1, 8, 9, 12, 14, 93, 95, 98, 99, 0xFFFF).get(random.nextInt(11));
            case 4 -> entry.flags = random.nextInt(0x10000);
            case 5 -> entry.flags |= 1; // encrypted
            case 6 -> {
                entry.versionMadeBy = RawZip.MADE_ON_UNIX;
                entry.externalAttributes = random.nextBoolean() ? RawZip.UNIX_SYMLINK : random.nextInt();
            }
            case 7 -> entry.zip64 = true;
            case 8 -> {
                entry.zip64 = true;
                entry.declaredSize = interesting(random);
            }
            case 9 -> {
                entry.extra = new byte[4 + random.nextInt(40)];
                random.nextBytes(entry.extra);
                int id = List.of(0x0001, 0x9901, 0x000A, 0x5455, 0x7875, random.nextInt(0x10000))
                        .get(random.nextInt(6));
                entry.extra[0] = (byte) id;
                entry.extra[1] = (byte) (id >>> 8);
            }
            case 10 -> {
                entry.name = new byte[1 + random.nextInt(20)];
                random.nextBytes(entry.name);
                entry.flags = random.nextBoolean() ? 0x0800 : 0;
            }
            default -> entry.name = ("d/".repeat(random.nextInt(3000)) + "x.js").getBytes(UTF_8);
        }
    }

    private static String name(Random random) {
        return random.nextInt(4) == 0 ? "f" + random.nextInt(1000) + ".js" : NAMES.get(random.nextInt(NAMES.size()));
    }

    private static byte[] content(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> new byte[random.nextInt(4) == 0 ? random.nextInt(300 * 1024) : random.nextInt(4096)];
            case 2 -> "module.exports = 1;\n".repeat(random.nextInt(200)).getBytes(UTF_8);
            default -> {
                byte[] bytes = new byte[random.nextInt(1024)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private static long interesting(Random random) {
        return random.nextInt(4) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
    }

    private static byte[] endRecord(Random random) {
        byte[] record = new byte[22];
        random.nextBytes(record);
        record[0] = 'P';
        record[1] = 'K';
        record[2] = 5;
        record[3] = 6;
        if (random.nextBoolean()) {
            record[20] = 0; // no comment
            record[21] = 0;
        }
        return record;
    }

    private static byte[] zip64Records(Random random) {
        byte[] records = new byte[56 + 20];
        random.nextBytes(records);
        System.arraycopy(new byte[] {'P', 'K', 6, 6}, 0, records, 0, 4);
        System.arraycopy(new byte[] {'P', 'K', 6, 7}, 0, records, 56, 4);
        return records;
    }

    /** A zip that keeps every rule and limit, and the files it holds (directories left out). */
    record Honest(RawZip zip, Map<String, byte[]> files) {
    }

    private static Honest honest(Random random) {
        RawZip zip = new RawZip();
        Map<String, byte[]> files = new HashMap<>();
        List<String> names = new ArrayList<>(List.of(ArchiveInspector.MANIFEST, "index.js"));
        int more = random.nextInt(LIMITS.maxEntries() - 1);
        for (int i = 0; i < more; i++) {
            String name = switch (random.nextInt(5)) {
                case 0 -> "lib/" + i + "/";
                case 1 -> "é/ü" + i + ".js";
                case 2 -> "a/".repeat(random.nextInt(50)) + i + ".js";
                default -> "f" + i + ".js";
            };
            names.add(name);
        }
        java.util.Collections.shuffle(names, random);
        byte[] manifest = JsonText.manifest(random);
        if (manifest.length > 16 * 1024) {
            manifest = "{}".getBytes(UTF_8);
        }
        long budget = LIMITS.maxUncompressedSize() - manifest.length;
        for (String name : names) {
            int most = (int) Math.min(budget / 4, 100_000);
            byte[] content = name.endsWith("/") ? new byte[0]
                    : name.equals(ArchiveInspector.MANIFEST) ? manifest
                    : random.nextBoolean() ? new byte[random.nextInt(most + 1)]
                    : randomBytes(random, random.nextInt(Math.min(most, 1024) + 1));
            budget = Math.max(0, budget - content.length);
            zip.add(name, content, random.nextBoolean() || content.length > 2048);
            if (!name.endsWith("/")) {
                files.put(name, content);
            }
        }
        return new Honest(zip, files);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** One change to a file's bytes, at a position taken modulo its length. */
    record Mutation(int kind, int position, long value) {
        byte[] apply(byte[] bytes) {
            int at = position % (bytes.length + 1);
            return switch (kind) {
                case 0 -> {
                    byte[] flipped = bytes.clone();
                    if (at < bytes.length) {
                        flipped[at] ^= (byte) (1 << (value & 7));
                    }
                    yield flipped;
                }
                case 1 -> Arrays.copyOf(bytes, at);
                case 2 -> insert(bytes, at, filled((int) (value & 0xF) + 1, (byte) (value >>> 8)));
                case 3 -> insert(bytes, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length,
                        at + (int) (value & 0xFF))));
                case 4 -> overwrite(bytes, at, INTERESTING[(int) Math.floorMod(value, INTERESTING.length)], 2);
                case 5 -> overwrite(bytes, at, INTERESTING[(int) Math.floorMod(value, INTERESTING.length)], 4);
                case 6 -> overwrite(bytes, at, INTERESTING[(int) Math.floorMod(value, INTERESTING.length)], 8);
                default -> centralDirectory(bytes, at, value);
            };
        }

        /** Overwrites a field of a central directory header: the one at or after {@code at}, else the last. */
        private static byte[] centralDirectory(byte[] bytes, int at, long value) {
            int header = -1;
            for (int i = 0; i + 3 < bytes.length; i++) {
                if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
                    header = i;
                    if (i >= at) {
                        break;
                    }
                }
            }
            if (header < 0) {
                return bytes;
            }
            int field = List.of(4, 6, 8, 10, 16, 20, 24, 28, 30, 32, 38, 42).get((int) Math.floorMod(value, 12));
            int width = field >= 16 && field <= 24 || field >= 38 ? 4 : 2;
            return overwrite(bytes, header + field, INTERESTING[(int) Math.floorMod(value >>> 8,
                    INTERESTING.length)], width);
        }

        private static byte[] overwrite(byte[] bytes, int at, long value, int width) {
            byte[] changed = bytes.clone();
            for (int i = 0; i < width && at + i < changed.length; i++) {
                changed[at + i] = (byte) (value >>> (8 * i));
            }
            return changed;
        }

        private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
            byte[] longer = new byte[bytes.length + inserted.length];
            System.arraycopy(bytes, 0, longer, 0, at);
            System.arraycopy(inserted, 0, longer, at, inserted.length);
            System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
            return longer;
        }

        private static byte[] filled(int length, byte value) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, value);
            return bytes;
        }
    }

    /** The start of an input in hex, for failure messages. */
    record Sample(String text) {
        static Sample of(byte[] bytes) {
            return new Sample(bytes.length + " bytes: " + java.util.HexFormat.of().formatHex(bytes, 0,
                    Math.min(bytes.length, 512)) + (bytes.length > 512 ? "…" : ""));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("archive-fuzz", ".zip");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
