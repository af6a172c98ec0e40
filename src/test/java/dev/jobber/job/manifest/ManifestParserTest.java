package dev.jobber.job.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.ValidationException;
import dev.jobber.common.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ARCHIVE = Set.of("package.json", "index.js", "lib/util.js", "lib/index.js",
            "esm/main.mjs", "node_modules/dep/index.js");

    private static final ManifestLimits LIMITS = TestManifestLimits.of(32, Duration.ofSeconds(1));

    private final ManifestParser parser = new ManifestParser(MAPPER, LIMITS);

    // ---- identity: name, version, description, type ------------------------------------------------------------

    @Test
    void acceptsMinimalManifestAndAppliesEveryDefault() {
        Manifest manifest = parse(manifest());

        assertThat(manifest.name()).isEqualTo("hello");
        assertThat(manifest.version()).isEqualTo("1.0.0");
        assertThat(manifest.main()).isEqualTo("./index.js");
        assertThat(manifest.description()).isEmpty();
        assertThat(manifest.moduleType()).isNull();
        assertThat(manifest.nodeMajor()).isEqualTo(24);
        assertThat(manifest.links()).isEmpty();
        assertThat(manifest.triggers()).isEmpty();
        assertThat(manifest.action()).isEqualTo(new ActionSettings(true, 1, 16, 60, 0, 900,
                960, RunnerMode.STANDARD, DockerArguments.NONE));
        assertThat(manifest.raw()).isEqualTo(manifest().node);
    }

    @Test
    void acceptsEmptyActionObjectWithDefaults() {
        Manifest manifest = parse(manifest().set("action", Map.of()).set("triggers", List.of()));

        assertThat(manifest.action().runnerMaxCount()).isEqualTo(ActionSettings.DEFAULT_MAX_COUNT);
        assertThat(manifest.triggers()).isEmpty();
    }

    @Test
    void refusesTheNulCharacterWhichTheDatabaseCannotStore() {
        assertOnlyError(manifest().set("description", "a\u0000b"), "description", "NUL character");
        assertOnlyError(manifest().set("links", List.of(Map.of("name", "x\u0000", "url", "https://example.com"))),
                "links[0].name", "NUL character");
        assertOnlyError(manifest().set("action", Map.of("bad\u0000key", 1)), "action.bad\\u0000key",
                "names must not contain the NUL character");
    }

    @Test
    void keepsDescriptionWhenGiven() {
        assertThat(parse(manifest().set("description", "Says hello")).description()).isEqualTo("Says hello");
    }

    @ParameterizedTest
    @CsvSource({"name, is required", "version, is required", "main, is required"})
    void rejectsManifestWithoutRequiredField(String field, String message) {
        assertOnlyError(manifest().without(field), field, message);
    }

    @Test
    void acceptsNameOf128CharactersAndRejectsLongerOrEmptyName() {
        assertThat(parse(manifest().set("name", "n".repeat(128))).name()).hasSize(128);
        assertOnlyError(manifest().set("name", "n".repeat(129)), "name", "1 to 128 characters, got 129");
        assertOnlyError(manifest().set("name", ""), "name", "1 to 128 characters, got 0");
    }

    @Test
    void rejectsNameWithControlCharacters() {
        assertOnlyError(manifest().set("name", "bad\nname"), "name", "control characters");
    }

    @Test
    void acceptsVersionOf32CharactersAndRejectsLongerOrEmptyVersion() {
        assertThat(parse(manifest().set("version", "v".repeat(32))).version()).hasSize(32);
        assertOnlyError(manifest().set("version", "v".repeat(33)), "version", "got 33");
        assertOnlyError(manifest().set("version", ""), "version", "got 0");
    }

    @Test
    void rejectsNameThatIsNotAString() {
        assertOnlyError(manifest().set("name", 42), "name", "must be a string, got number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"module", "commonjs"})
    void acceptsModuleType(String type) {
        assertThat(parse(manifest().set("type", type)).moduleType()).isEqualTo(type);
    }

    @Test
    void rejectsUnknownModuleType() {
        assertOnlyError(manifest().set("type", "esm"), "type", "must be \"module\" or \"commonjs\", got \"esm\"");
    }

    @Test
    void rejectsPackageJsonThatIsNotJson() {
        ValidationException e = rejection(parser, "{\"name\": ".getBytes(StandardCharsets.UTF_8));

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("package.json");
            assertThat(error.message()).startsWith("is not valid JSON");
        });
    }

    @Test
    void rejectsPackageJsonThatIsNotAnObject() {
        assertThat(rejection(parser, "[1, 2]".getBytes(StandardCharsets.UTF_8)).errors())
                .containsExactly(new FieldError("package.json", "must be a JSON object"));
        assertThat(rejection(parser, new byte[0]).errors()).extracting(FieldError::field)
                .containsExactly("package.json");
    }

    // ---- main -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "./index.js, ./index.js",
            "index.js, ./index.js",
            "lib/util.js, ./lib/util.js",
            "./lib/../index.js, ./index.js",
            ".//lib/./util.js, ./lib/util.js",
            "./esm/main.mjs, ./esm/main.mjs"})
    void normalisesMainToDotSlashForm(String main, String expected) {
        assertThat(parse(manifest().set("main", main)).main()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"./lib/util, ./lib/util", "./lib, ./lib"})
    void acceptsMainThatNodeResolvesByExtensionOrIndex(String main, String expected) {
        assertThat(parse(manifest().set("main", main)).main()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../index.js", "./../index.js", "lib/../../index.js", "./lib/../../../etc/passwd"})
    void rejectsMainEscapingTheArchive(String main) {
        assertOnlyError(manifest().set("main", main), "main", "must stay inside the archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.js", "/etc/passwd", ".\\index.js", "lib\\util.js", ".", "./"})
    void rejectsMainThatIsAbsoluteOrNotAPlainRelativePath(String main) {
        assertOnlyError(manifest().set("main", main), "main", "must be a relative path inside the archive");
    }

    @Test
    void rejectsMainMissingFromTheArchive() {
        assertOnlyError(manifest().set("main", "./missing.js"), "main",
                "\"./missing.js\" does not exist in the archive");
    }

    @Test
    void asksTheArchiveForPathsWithoutLeadingDotSlash() {
        List<String> asked = new ArrayList<>();
        Predicate<String> recording = path -> {
            asked.add(path);
            return path.equals("lib/util.js");
        };

        parser.parse(manifest().set("main", "./lib/util.js").bytes(), recording);

        assertThat(asked).containsExactly("lib/util.js");
    }

    // ---- engines.node -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "^20; 20",
            ">=18 <23; 22",
            "20.x || 22; 22",
            "~22.3; 22",
            ">=20; 24",
            "20 - 22; 22",
            "v20.11.1; 20",
            "*; 24",
            "''; 24",
            "<21; 20"})
    void choosesNewestRunnerImageSatisfyingEnginesNode(String range, int major) {
        assertThat(parse(manifest().set("engines", Map.of("node", range))).nodeMajor()).isEqualTo(major);
    }

    @Test
    void choosesNewestRunnerImageWithoutEngines() {
        assertThat(parse(manifest()).nodeMajor()).isEqualTo(24);
        assertThat(parse(manifest().set("engines", Map.of("npm", ">=10"))).nodeMajor()).isEqualTo(24);
    }

    @ParameterizedTest
    @ValueSource(strings = {">=26", "<20", "^18", "21"})
    void rejectsEnginesNodeNoRunnerImageSatisfies(String range) {
        assertOnlyError(manifest().set("engines", Map.of("node", range)), "engines.node",
                "no runner image satisfies \"" + range + "\"; available are Node [20, 22, 24]");
    }

    @Test
    void rejectsEnginesNodeThatIsNotASemverRange() {
        assertOnlyError(manifest().set("engines", Map.of("node", "latest")), "engines.node", "invalid semver range");
    }

    @Test
    void rejectsEnginesThatIsNotAnObject() {
        assertOnlyError(manifest().set("engines", "node 20"), "engines", "must be an object");
    }

    // ---- links ------------------------------------------------------------------------------------------------

    @Test
    void readsLinksWithAbsoluteUrls() {
        Manifest manifest = parse(manifest().set("links", List.of(
                Map.of("name", "Docs", "url", "https://example.com/docs"),
                Map.of("name", "Mail", "url", "mailto:ops@example.com"))));

        assertThat(manifest.links()).containsExactly(new Manifest.Link("Docs", "https://example.com/docs"),
                new Manifest.Link("Mail", "mailto:ops@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "example.com/docs", "docs", "http://", "https://exa mple.com"})
    void rejectsLinkUrlThatIsNotAbsolute(String url) {
        assertOnlyError(manifest().set("links", List.of(Map.of("name", "Docs", "url", url))), "links[0].url",
                "must be an absolute URL with a scheme");
    }

    @Test
    void rejectsMalformedLinks() {
        List<FieldError> errors = errors(manifest().set("links", List.of(Map.of("url", "https://example.com"),
                "https://example.com", Map.of("name", "No url"))));

        assertThat(errors).extracting(FieldError::field)
                .containsExactly("links[0].name", "links[1]", "links[2].url");
        assertOnlyError(manifest().set("links", "https://example.com"), "links", "must be an array");
    }

    // ---- action -----------------------------------------------------------------------------------------------

    @Test
    void readsEveryActionSetting() {
        Manifest manifest = parse(manifest().action("runnerAsynchronous", false).action("runnerMinCount", 2)
                .action("runnerMaxCount", 4).action("runnerTimeout", 0).action("runnerMaxIdleAge", 30)
                .action("runnerMaxAge", 100).action("runnerMaxAgeHard", 120).action("runnerMode", "run-once"));

        assertThat(manifest.action()).isEqualTo(new ActionSettings(false, 2, 4, 0, 30, 100,
                120, RunnerMode.RUN_ONCE, DockerArguments.NONE));
    }

    @Test
    void acceptsNumericStringsAndBooleanStringsInAction() {
        ActionSettings action = parse(manifest().action("runnerAsynchronous", "false").action("runnerMinCount", "3")
                .action("runnerMaxCount", " 8 ").action("runnerTimeout", "0")).action();

        assertThat(action.runnerAsynchronous()).isFalse();
        assertThat(action.runnerMinCount()).isEqualTo(3);
        assertThat(action.runnerMaxCount()).isEqualTo(8);
        assertThat(action.runnerTimeout()).isZero();
    }

    @Test
    void acceptsIntegralJsonNumberWrittenWithFraction() {
        assertThat(parse(manifest().action("runnerTimeout", 30.0)).action().runnerTimeout()).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runnerMinCount", "runnerMaxCount", "runnerTimeout", "runnerMaxIdleAge", "runnerMaxAge",
            "runnerMaxAgeHard"})
    void rejectsNegativeCountsAndAges(String key) {
        assertOnlyError(manifest().action(key, -1), "action." + key, "must be a non-negative integer, got -1");
        assertOnlyError(manifest().action(key, "-5"), "action." + key, "must be a non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"1.5\"", "\"ten\"", "true", "[1]", "{}", "\"\"", "3000000000", "\"1e3\""})
    void rejectsCountsThatAreNotIntegers(String json) {
        assertOnlyError(manifest().action("runnerTimeout", json(json)), "action.runnerTimeout",
                "must be a non-negative integer");
    }

    @Test
    void rejectsRunnerAsynchronousThatIsNotABoolean() {
        assertOnlyError(manifest().action("runnerAsynchronous", "yes"), "action.runnerAsynchronous",
                "must be true or false");
    }

    @Test
    void rejectsActionThatIsNotAnObject() {
        assertOnlyError(manifest().set("action", "fast"), "action", "must be an object");
    }

    @Test
    void rejectsMinCountAboveMaxCount() {
        assertOnlyError(manifest().action("runnerMinCount", 5).action("runnerMaxCount", 4), "action.runnerMinCount",
                "must be ≤ runnerMaxCount (5 > 4)");
    }

    @Test
    void acceptsMinCountEqualToMaxCount() {
        assertThat(parse(manifest().action("runnerMinCount", 4).action("runnerMaxCount", 4)).action().runnerMinCount())
                .isEqualTo(4);
    }

    @Test
    void acceptsZeroMaxCountAsUnlimitedInRunOnceMode() {
        ActionSettings action = parse(manifest().action("runnerMode", "run-once").action("runnerMaxCount", 0)
                .action("runnerMinCount", 3)).action();

        assertThat(action.runnerMaxCount()).isZero();
        assertThat(action.runnerMinCount()).isEqualTo(3);
    }

    @Test
    void acceptsZeroMaxCountInStandardModeAsTheOriginalDid() {
        ActionSettings action = parse(manifest().action("runnerMaxCount", 0)).action();

        assertThat(action.runnerMaxCount()).isZero();
    }

    @Test
    void rejectsScriptLinks() {
        assertOnlyError(manifest().set("links", List.of(Map.of("name", "x", "url", "javascript:alert(1)"))),
                "links[0].url", "must not be a javascript:");
    }

    @Test
    void rejectsMaxAgeAboveMaxAgeHard() {
        assertOnlyError(manifest().action("runnerMaxAge", 100).action("runnerMaxAgeHard", 50), "action.runnerMaxAge",
                "must be ≤ runnerMaxAgeHard (100 > 50)");
    }

    @ParameterizedTest
    @CsvSource({"100, 0", "0, 50", "50, 50"})
    void acceptsMaxAgesWhenOneIsZeroOrTheyAreEqual(int maxAge, int maxAgeHard) {
        ActionSettings action = parse(manifest().action("runnerMaxAge", maxAge).action("runnerMaxAgeHard", maxAgeHard))
                .action();

        assertThat(action.runnerMaxAge()).isEqualTo(maxAge);
        assertThat(action.runnerMaxAgeHard()).isEqualTo(maxAgeHard);
    }

    @Test
    void rejectsUnknownRunnerMode() {
        assertOnlyError(manifest().action("runnerMode", "once"), "action.runnerMode",
                "must be \"standard\" or \"run-once\", got \"once\"");
    }

    @Test
    void mapsRunnerModesToAndFromManifestNames() {
        assertThat(RunnerMode.fromManifest("standard")).contains(RunnerMode.STANDARD);
        assertThat(RunnerMode.fromManifest("run-once")).contains(RunnerMode.RUN_ONCE);
        assertThat(RunnerMode.fromManifest("RUN_ONCE")).isEmpty();
        assertThat(RunnerMode.RUN_ONCE.manifestName()).isEqualTo("run-once");
    }

    // ---- action.runnerDockerArguments -------------------------------------------------------------------------

    @Test
    void keepsValidDockerArgumentsAsPublished() {
        Map<String, Object> arguments = Map.of(
                "networks", List.of("backend", "my_net.1"),
                "volumes", List.of(Map.of("source", "data", "target", "/data"),
                        Map.of("source", "/srv/config", "target", "/config", "mode", "ro")),
                "labels", List.of(Map.of("key", "team", "value", "ops-1.2_x")),
                "memoryLimit", "512m",
                "directPassthroughArguments", List.of("--cpus", "0.5"));

        Manifest manifest = parse(manifest().action("runnerDockerArguments", arguments));

        assertThat((JsonNode) MAPPER.valueToTree(manifest.action().runnerDockerArguments()))
                .isEqualTo(MAPPER.valueToTree(arguments));
    }

    @Test
    void readsStoredDockerArgumentsBackTyped() throws JsonProcessingException {
        DockerArguments arguments = parse(manifest().docker("volumes", List.of(Map.of("source", "data", "target",
                "/data"))).docker("memoryLimit", "64m").docker("directPassthroughArguments", List.of("--cpus=0.5",
                "-e", "A=b"))).action().runnerDockerArguments();
        String stored = MAPPER.writeValueAsString(arguments);

        assertThat(stored).isEqualTo("{\"volumes\":[{\"source\":\"data\",\"target\":\"/data\"}],"
                + "\"memoryLimit\":\"64m\",\"directPassthroughArguments\":[\"--cpus=0.5\",\"-e\",\"A=b\"]}");
        assertThat(MAPPER.readValue(stored, DockerArguments.class)).isEqualTo(arguments);
        assertThat(MAPPER.writeValueAsString(DockerArguments.NONE)).isEqualTo("{}");
        assertThat(arguments.directPassthroughArguments().nanoCpus()).hasValue(500_000_000L);
        assertThat(arguments.directPassthroughArguments().env()).containsExactly(Map.entry("A", "b"));
    }

    @Test
    void readsDockerArgumentsStoredBeforePassthroughWasCheckedWithoutTheRefusedFlags() throws JsonProcessingException {
        DockerArguments stored = MAPPER.readValue("{\"unknown\":1,\"directPassthroughArguments\":[\"--user\","
                + "\"0:0\",\"--memory\",\"64g\",\"--privileged\",\"--label\",\"jobber.job=x\"]}",
                DockerArguments.class);

        PassthroughArguments passthrough = stored.directPassthroughArguments();
        assertThat(passthrough.memoryBytes()).hasValue(64L << 30);
        assertThat(passthrough.labels()).isEmpty();
        assertThat(passthrough.written()).hasSize(7);
    }

    @Test
    void rejectsDockerArgumentsThatAreNotAnObject() {
        assertOnlyError(manifest().action("runnerDockerArguments", List.of("--privileged")),
                "action.runnerDockerArguments", "must be an object");
    }

    @Test
    void rejectsInvalidNetworks() {
        List<FieldError> errors = errors(manifest().docker("networks", List.of("ok", "-bad", "has space", 7)));

        assertThat(errors).extracting(FieldError::field).containsExactly(
                "action.runnerDockerArguments.networks[1]", "action.runnerDockerArguments.networks[2]",
                "action.runnerDockerArguments.networks[3]");
        assertOnlyError(manifest().docker("networks", "backend"), "action.runnerDockerArguments.networks",
                "must be an array");
    }

    @Test
    void rejectsInvalidVolumes() {
        List<FieldError> errors = errors(manifest().docker("volumes", List.of(
                Map.of("target", "/data"),
                Map.of("source", "data", "target", "relative"),
                Map.of("source", "data", "target", "/data", "mode", "rx"),
                "data:/data")));

        assertThat(errors).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("action.runnerDockerArguments.volumes[0].source", "is required"),
                tuple("action.runnerDockerArguments.volumes[1].target",
                        "must be an absolute path, got \"relative\""),
                tuple("action.runnerDockerArguments.volumes[2].mode",
                        "must be \"rw\" or \"ro\", got \"rx\""),
                tuple("action.runnerDockerArguments.volumes[3]",
                        "must be an object {source, target, mode}"));
    }

    @ParameterizedTest
    @CsvSource({"key, team name", "value, a/b", "key, ''", "value, émoji"})
    void rejectsLabelPartsOutsideTheAllowedCharacters(String part, String text) {
        Map<String, String> label = new HashMap<>(Map.of("key", "team", "value", "ops"));
        label.put(part, text);

        assertOnlyError(manifest().docker("labels", List.of(label)), "action.runnerDockerArguments.labels[0]." + part,
                text.isEmpty() ? "1 to 1024 characters" : "must match ^[a-zA-Z0-9._-]+$");
    }

    @Test
    void rejectsLabelWithoutValue() {
        assertOnlyError(manifest().docker("labels", List.of(Map.of("key", "team"))),
                "action.runnerDockerArguments.labels[0].value", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"33554432b", "32768k", "32m", "512m", "2g"})
    void acceptsMemoryLimit(String limit) {
        assertThat(parse(manifest().docker("memoryLimit", limit)).action().runnerDockerArguments()
                .memoryLimit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0m", "0b", "1b", "64k", "31m", "33554431b"})
    void rejectsMemoryLimitBelowTheMinimumInsteadOfRunningUnlimited(String limit) {
        assertOnlyError(manifest().docker("memoryLimit", limit), "action.runnerDockerArguments.memoryLimit",
                "must be at least 32m");
    }

    @Test
    void rejectsMemoryLimitTooLargeToCount() {
        assertOnlyError(manifest().docker("memoryLimit", "99999999999999999999g"),
                "action.runnerDockerArguments.memoryLimit", "is too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"512", "512M", "1.5g", "g", "512mb", " 512m", "-1m"})
    void rejectsMemoryLimitNotMatchingDigitsAndUnit(String limit) {
        assertOnlyError(manifest().docker("memoryLimit", limit), "action.runnerDockerArguments.memoryLimit",
                "must be a number followed by b, k, m or g");
    }

    @Test
    void rejectsMemoryLimitThatIsANumber() {
        assertOnlyError(manifest().docker("memoryLimit", 512), "action.runnerDockerArguments.memoryLimit",
                "must be a string");
    }

    @Test
    void rejectsDirectPassthroughArgumentsThatAreNotStrings() {
        assertOnlyError(manifest().docker("directPassthroughArguments", List.of("--cpus", 2)),
                "action.runnerDockerArguments.directPassthroughArguments[1]", "must be a string");
        assertOnlyError(manifest().docker("directPassthroughArguments", "--cpus 2"),
                "action.runnerDockerArguments.directPassthroughArguments", "must be an array");
    }

    @Test
    void readsEveryAppliedPassthroughFlagInBothForms() {
        PassthroughArguments passthrough = parse(manifest().docker("directPassthroughArguments", List.of(
                "--cpus", "0.5", "--memory=256m", "--memory-swap", "256M", "--pids-limit=64", "-e", "GREETING=hi",
                "--env=EMPTY=", "-l", "team=ops", "--label=tier", "--add-host", "db.local:10.0.0.5",
                "--add-host=v6:::1", "--ulimit", "nofile=512:1024", "--read-only")))
                .action().runnerDockerArguments().directPassthroughArguments();

        assertThat(passthrough.nanoCpus()).hasValue(500_000_000L);
        assertThat(passthrough.memoryBytes()).hasValue(256L << 20);
        assertThat(passthrough.memorySwapBytes()).hasValue(256L << 20);
        assertThat(passthrough.pidsLimit()).hasValue(64);
        assertThat(passthrough.nofile()).hasValue(512);
        assertThat(passthrough.env()).containsOnly(Map.entry("GREETING", "hi"), Map.entry("EMPTY", ""));
        assertThat(passthrough.labels()).containsOnly(Map.entry("team", "ops"), Map.entry("tier", ""));
        assertThat(passthrough.extraHosts()).containsExactly("db.local:10.0.0.5", "v6:::1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--privileged|--privileged",
            "--user 0:0|--user",
            "-u=root|-u",
            "--cap-add SYS_ADMIN|--cap-add",
            "--security-opt seccomp=unconfined|--security-opt",
            "--network host|--network",
            "--pid=host|--pid",
            "--ipc host|--ipc",
            "-v /:/host|-v",
            "--volume=/var/run/docker.sock:/sock|--volume",
            "--mount type=bind,src=/,dst=/host|--mount",
            "--device /dev/sda|--device",
            "--runtime runc|--runtime",
            "--env-file /etc/secrets|--env-file",
            "--read-only=false|--read-only=false"})
    void refusesPassthroughFlagsThatWouldWeakenTheRunner(String arguments, String flag) {
        List<FieldError> errors = errors(manifest().docker("directPassthroughArguments",
                List.of(arguments.split(" "))));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("action.runnerDockerArguments.directPassthroughArguments[0]");
            assertThat(error.message()).contains("\"" + flag + "\"").contains("refused");
        });
    }

    @Test
    void whereThisInstanceDoesNotApplyPassthroughAnyFlagsAreAcceptedAndNoneThatWouldWeakenTheRunnerIsKept() {
        ManifestLimits off = new ManifestLimits(32, 64, Duration.ofSeconds(1), new ManifestLimits.ContainerLimits(
                512L * 1024 * 1024, 1_000_000_000L, 256, 1024, false));
        List<String> flags = List.of("--user", "0:0", "--privileged", "--cpus=0.5", "--frobnicate", "x");

        PassthroughArguments passthrough = new ManifestParser(MAPPER, off)
                .parse(manifest().docker("directPassthroughArguments", flags).bytes(), ARCHIVE::contains)
                .action().runnerDockerArguments().directPassthroughArguments();

        assertThat(passthrough.written()).isEqualTo(flags);
        assertThat(passthrough.nanoCpus()).hasValue(500_000_000L);
        assertThat(passthrough.env()).isEmpty();
        assertThat(passthrough.labels()).isEmpty();
    }

    @Test
    void refusesUnknownPassthroughFlagsAndReportsEveryProblemAtOnce() {
        List<FieldError> errors = errors(manifest().docker("directPassthroughArguments", List.of(
                "--cpus", "0.5", "--frobnicate", "x", "stray", "--privileged", "--memory")));

        assertThat(errors).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("action.runnerDockerArguments.directPassthroughArguments[2]",
                        "\"--frobnicate\" is not supported; supported are --cpus, --memory, -m, --memory-swap, "
                                + "--pids-limit, --env, -e, --label, -l, --add-host, --ulimit, --read-only"),
                tuple("action.runnerDockerArguments.directPassthroughArguments[4]",
                        "\"stray\" is not a flag; write a flag and its value, like \"--cpus\", \"0.5\""),
                tuple("action.runnerDockerArguments.directPassthroughArguments[5]",
                        "\"--privileged\" is refused: it would weaken the runner's isolation"),
                tuple("action.runnerDockerArguments.directPassthroughArguments[6]", "\"--memory\" needs a value"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--cpus=1.5|exceeds RUNNER_CPU_LIMIT (1)",
            "--cpus=0|must be more than 0",
            "-m=1g|exceeds RUNNER_MEMORY_LIMIT",
            "--memory=16m|at least 32m",
            "--memory-swap=-1|runners never swap",
            "--memory-swap=2g|exceeds RUNNER_MEMORY_LIMIT",
            "--pids-limit=-1|at least 1",
            "--pids-limit=1000|exceeds RUNNER_PIDS_LIMIT (256)",
            "--ulimit=nofile=4096|exceeds RUNNER_NOFILE_LIMIT (1024)",
            "--ulimit=nproc=10|takes only nofile=soft[:hard]",
            "--ulimit=nofile=10:5|1 ≤ soft ≤ hard",
            "-e=JOBBER_RUNNER_CREDENTIALS=/tmp/x|a variable of the runner itself",
            "--env=PATH=/tmp|a variable of the runner itself",
            "--env=HOME|needs NAME=value",
            "--label=jobber.job=other|Jobber's own",
            "-l=jobber-manager=x|Jobber's own",
            "--add-host=nohost|needs host:address",
            "--add-host=a:not-an-ip|needs host:address"})
    void refusesPassthroughValuesBeyondTheOperatorsLimitsOrOverJobbersOwn(String argument, String message) {
        assertOnlyError(manifest().docker("directPassthroughArguments", List.of(argument)),
                "action.runnerDockerArguments.directPassthroughArguments[0]", message);
    }

    // ---- triggers ---------------------------------------------------------------------------------------------

    @Test
    void readsTriggersOfEveryKindInOrder() {
        Manifest manifest = parse(manifest()
                .trigger("{'type':'http','name':'api','hostname':'example.com:8080','method':'post','path':'/hook'}")
                .trigger("{'type':'schedule','name':'nightly','cron':'0 3 * * *','timezone':'Europe/Berlin'}")
                .trigger("{'type':'mqtt','topics':['sensors/+/temp','alerts/#'],'connection':{'host':'broker'}}")
                .trigger("{'type':'http'}"));

        assertThat(manifest.triggers()).extracting(TriggerDefinition::kind)
                .containsExactly("http", "schedule", "mqtt", "http");
        assertThat(manifest.triggers().get(0)).isEqualTo(new TriggerDefinition.Http("api", "example.com:8080", "post",
                "/hook", (ObjectNode) manifest.raw().get("triggers").get(0)));
        assertThat(manifest.triggers().get(1)).isEqualTo(new TriggerDefinition.Schedule("nightly", "0 3 * * *",
                "Europe/Berlin", (ObjectNode) manifest.raw().get("triggers").get(1)));
        TriggerDefinition.Mqtt mqtt = (TriggerDefinition.Mqtt) manifest.triggers().get(2);
        assertThat(mqtt.topics()).containsExactly("sensors/+/temp", "alerts/#");
        assertThat(mqtt.connection().get("host").asText()).isEqualTo("broker");
        assertThat(manifest.triggers().get(3)).isEqualTo(new TriggerDefinition.Http(null, null, null, null,
                (ObjectNode) manifest.raw().get("triggers").get(3)));
    }

    @Test
    void treatsNullHttpFieldsAsWildcards() {
        TriggerDefinition.Http http = (TriggerDefinition.Http) parse(manifest()
                .trigger("{'type':'http','hostname':null,'method':null,'path':null}")).triggers().getFirst();

        assertThat(http.hostname()).isNull();
        assertThat(http.method()).isNull();
        assertThat(http.path()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/api/(v1|v2)/users/\\\\d+", "^/files/[^]*", "^/{id}", "^/a{2,3}$", "^/x[[]"})
    void acceptsValidRegexPath(String path) {
        assertThat(parse(manifest().trigger("{'type':'http','path':'" + path + "'}")).triggers()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/api/(", "^/[a-", "^/a**", "^/(?i)admin", "^/x\\\\"})
    void rejectsInvalidRegexPath(String path) {
        assertOnlyError(manifest().trigger("{'type':'http','path':'" + path + "'}"), "triggers[0].path",
                "invalid regular expression");
    }

    @Test
    void takesPathNotStartingWithCaretLiterally() {
        assertThat(parse(manifest().trigger("{'type':'http','path':'/api/(:id'}")).triggers()).hasSize(1);
    }

    @Test
    void rejectsHttpMethodThatIsNotAToken() {
        assertOnlyError(manifest().trigger("{'type':'http','method':'GET POST'}"), "triggers[0].method",
                "is not an HTTP method");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * *", "*/15 9-17 * * 1-5", "30 */5 * * * *", "0 0 1 JAN *", "0 8 * * MON-FRI",
            "0 0 * * SUN", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly", "@minutely",
            "@secondly", "@weekdays", "@weekends"})
    void acceptsCronExpression(String cron) {
        assertThat(parse(manifest().trigger("{'type':'schedule','cron':'" + cron + "'}")).triggers()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * *", "61 * * * *", "0 0 32 * *", "0 0 * * FUNDAY", "@fortnightly", "", "5-1 * * * *"})
    void rejectsInvalidCronExpression(String cron) {
        assertThat(errors(manifest().trigger("{'type':'schedule','cron':'" + cron + "'}")))
                .singleElement().extracting(FieldError::field).isEqualTo("triggers[0].cron");
    }

    @Test
    void rejectsScheduleWithoutCron() {
        assertOnlyError(manifest().trigger("{'type':'schedule','timezone':'UTC'}"), "triggers[0].cron", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+2"})
    void acceptsIanaTimeZone(String zone) {
        TriggerDefinition.Schedule schedule = (TriggerDefinition.Schedule) parse(manifest()
                .trigger("{'type':'schedule','cron':'@daily','timezone':'" + zone + "'}")).triggers().getFirst();

        assertThat(schedule.timezone()).isEqualTo(zone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "CEST", "+02:00", "europe/berlin"})
    void rejectsUnknownTimeZone(String zone) {
        assertOnlyError(manifest().trigger("{'type':'schedule','cron':'@daily','timezone':'" + zone + "'}"),
                "triggers[0].timezone", "unknown IANA time zone \"" + zone + "\"");
    }

    @Test
    void acceptsMqttConnectionGivenByVariablesAndPortAsStringOrNumber() {
        Manifest manifest = parse(manifest()
                .trigger("{'type':'mqtt','topics':['a'],'connection':{'hostVariable':'MQTT_HOST',"
                        + "'portVariable':'MQTT_PORT','usernameVariable':'MQTT_USER','passwordVariable':'_PW',"
                        + "'clientIdVariable':'ID1','protocolVariable':'PROTO'}}")
                .trigger("{'type':'mqtt','topics':['b'],'connection':{'protocol':'mqtts','host':'h','port':'8883',"
                        + "'username':'u','password':'p','clientId':'c'}}")
                .trigger("{'type':'mqtt','topics':['c'],'connection':{'protocol':'wss','host':'h','port':443}}")
                .trigger("{'type':'mqtt','topics':['d'],'connection':{'protocol':'ws','host':'h','port':65535}}")
                .trigger("{'type':'mqtt','topics':['e'],'connection':{'protocol':'mqtt','host':'h','port':1}}"));

        assertThat(manifest.triggers()).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "\"0\"", "\"http\"", "1883.5", "true"})
    void rejectsMqttPortOutsideOneTo65535(String port) {
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','port':" + port
                + "}}"), "triggers[0].connection.port", "must be a port number 1–65535");
    }

    @Test
    void rejectsMqttConnectionWithoutHostOrHostVariable() {
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'port':1883}}"),
                "triggers[0].connection.host", "is required (or hostVariable)");
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':''}}"),
                "triggers[0].connection.host", "is required (or hostVariable)");
    }

    @Test
    void rejectsMqttTriggerWithoutConnection() {
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a']}"), "triggers[0].connection",
                "must be an object");
    }

    @Test
    void rejectsUnknownMqttProtocol() {
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','protocol':'tcp'}}"),
                "triggers[0].connection.protocol", "must be mqtt, mqtts, ws or wss, got \"tcp\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "port", "username", "password", "clientId", "protocol"})
    void rejectsVariableFieldThatIsNotAnEnvironmentVariableName(String field) {
        String connection = "{'host':'h','" + field + "Variable':'1NOT-A-NAME'}";

        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':" + connection + "}"),
                "triggers[0].connection." + field + "Variable", "must name an environment variable");
    }

    @Test
    void rejectsMqttStringFieldsThatAreNotStrings() {
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','username':7}}"),
                "triggers[0].connection.username", "must be a string");
    }

    @Test
    void rejectsMqttTopicsThatAreMissingEmptyOrInvalid() {
        assertOnlyError(manifest().trigger("{'type':'mqtt','connection':{'host':'h'}}"), "triggers[0].topics",
                "must be a non-empty array");
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':[],'connection':{'host':'h'}}"),
                "triggers[0].topics", "must be a non-empty array");
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':'a/b','connection':{'host':'h'}}"),
                "triggers[0].topics", "must be a non-empty array");

        List<FieldError> errors = errors(manifest().trigger(
                "{'type':'mqtt','topics':['ok/+','a/#/b','sport+',7,''],'connection':{'host':'h'}}"));

        assertThat(errors).extracting(FieldError::field).containsExactly("triggers[0].topics[1]",
                "triggers[0].topics[2]", "triggers[0].topics[3]", "triggers[0].topics[4]");
        assertThat(errors.get(0).message()).contains("invalid topic filter \"a/#/b\"", "'#'");
        assertThat(errors.get(1).message()).contains("'+' must be a whole level");
    }

    @Test
    void rejectsUnknownTriggerTypeAndTriggerWithoutType() {
        List<FieldError> errors = errors(manifest().trigger("{'type':'webhook'}").trigger("{'name':'x'}")
                .trigger("'http'"));

        assertThat(errors).containsExactly(
                new FieldError("triggers[0].type", "must be http, schedule or mqtt, got \"webhook\""),
                new FieldError("triggers[1].type", "is required"),
                new FieldError("triggers[2]", "must be an object"));
    }

    @Test
    void rejectsTriggersThatAreNotAnArray() {
        assertOnlyError(manifest().set("triggers", Map.of("type", "http")), "triggers", "must be an array");
    }

    // ---- reporting --------------------------------------------------------------------------------------------

    @Test
    void reportsEveryMistakeAtOnceAndNamesThemAllInTheMessage() {
        ManifestBuilder manifest = manifest()
                .set("main", "./missing.js")
                .set("engines", Map.of("node", ">=26"))
                .action("runnerMinCount", -1)
                .trigger("{'type':'http','path':'^/api/('}")
                .trigger("{'type':'schedule','cron':'@daily'}")
                .trigger("{'type':'schedule','cron':'not a cron'}");

        ValidationException e = rejection(parser, manifest.bytes());

        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("main", "engines.node",
                "action.runnerMinCount", "triggers[0].path", "triggers[2].cron");
        assertThat(e.getMessage()).startsWith("Invalid package.json: ");
        for (FieldError error : e.errors()) {
            assertThat(e.getMessage()).contains(error.field() + ": " + error.message());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @Test
    void acceptsAnMqttVersionOfFiveOr311AndRefusesOthers() {
        parse(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','version':'3.1.1'}}"));
        parse(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','version':5}}"));
        assertOnlyError(manifest().trigger("{'type':'mqtt','topics':['a'],'connection':{'host':'h','version':'4'}}"),
                "triggers[0].connection.version", "must be \"5\" or \"3.1.1\"");
    }

    // ---- upper bounds ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"runnerMinCount", "runnerMaxCount"})
    void refusesMoreRunnersThanTheInstanceRuns(String field) {
        assertOnlyError(manifest().action(field, 33).action("runnerMode", "run-once"), "action." + field,
                "must be at most 32");
        assertThat(errors(manifest().action(field, 33).action("runnerMode", "run-once")).getFirst().message())
                .contains("RUNNER_MAX_TOTAL");
        parse(manifest().action("runnerMinCount", 32).action("runnerMaxCount", 32));
    }

    @Test
    void limitsTheDefaultRunnerMaxCountToTheInstanceCap() {
        ManifestParser small = new ManifestParser(MAPPER, TestManifestLimits.of(2, Duration.ofSeconds(1)));
        assertThat(small.parse(manifest().bytes(), ARCHIVE::contains).action().runnerMaxCount()).isEqualTo(2);
        assertThat(small.parse(manifest().action("runnerMode", "run-once").action("runnerMaxCount", 0).bytes(),
                ARCHIVE::contains).action().runnerMaxCount()).isZero();
    }

    @Test
    void refusesARunnerTimeoutLongerThanADay() {
        assertThat(parse(manifest().action("runnerTimeout", 86_400)).action().runnerTimeout()).isEqualTo(86_400);
        assertOnlyError(manifest().action("runnerTimeout", 86_401), "action.runnerTimeout",
                "must be at most 86400 (one day), got 86401");
    }

    @ParameterizedTest
    @ValueSource(strings = {"runnerMaxIdleAge", "runnerMaxAge", "runnerMaxAgeHard"})
    void refusesAnAgeLongerThanThirtyDays(String field) {
        int thirtyDays = 30 * 24 * 3600;
        parse(manifest().action("runnerMaxAge", thirtyDays).action("runnerMaxAgeHard", thirtyDays)
                .action("runnerMaxIdleAge", thirtyDays));
        assertOnlyError(manifest().action("runnerMaxAge", 0).action("runnerMaxAgeHard", 0)
                .action(field, thirtyDays + 1), "action." + field, "must be at most 2592000 (30 days)");
    }

    @Test
    void refusesMoreTriggersThanTheCap() {
        ManifestBuilder many = manifest();
        for (int i = 0; i < 64; i++) {
            many.trigger("{'type':'http','path':'/p" + i + "'}");
        }
        assertThat(parse(many).triggers()).hasSize(64);
        many.trigger("{'type':'http','path':'/one-too-many'}");
        assertOnlyError(many, "triggers", "at most 64 triggers per version are allowed, got 65");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"*/5 * * * * *; 5", "0,1 0 * * * *; 1", "@secondly; 1", "59 59 23 * * *; 0",
            "*/10 * * * * *; 0", "* * * * *; 0", "@hourly; 0"})
    void refusesASchedulePeriodBelowTheMinimum(String cron, int refusedAt) {
        ManifestParser tenSeconds = new ManifestParser(MAPPER, TestManifestLimits.of(32, Duration.ofSeconds(10)));
        byte[] json = manifest().trigger("{'type':'schedule','cron':'" + cron + "'}").bytes();
        if (refusedAt == 0) {
            assertThat(tenSeconds.parse(json, ARCHIVE::contains).triggers()).hasSize(1);
        } else {
            assertThat(rejection(tenSeconds, json).errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("triggers[0].cron");
                assertThat(error.message()).contains("can run " + refusedAt + " s after its previous run")
                        .contains("at most every 10 s");
            });
        }
        assertThat(parse(manifest().trigger("{'type':'schedule','cron':'" + cron + "'}")).triggers()).hasSize(1);
    }

    private Manifest parse(ManifestBuilder manifest) {
        return parser.parse(manifest.bytes(), ARCHIVE::contains);
    }

    private List<FieldError> errors(ManifestBuilder manifest) {
        return rejection(parser, manifest.bytes()).errors();
    }

    private static ValidationException rejection(ManifestParser parser, byte[] json) {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> parser.parse(json, ARCHIVE::contains));
        assertThat(e).as("parsing should have failed").isNotNull();
        return e;
    }

    private void assertOnlyError(ManifestBuilder manifest, String field, String messageFragment) {
        assertThat(errors(manifest)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(messageFragment);
        });
    }

    /** JSON written with single quotes, to keep test data readable. */
    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static ManifestBuilder manifest() {
        return new ManifestBuilder();
    }

    /** A valid minimal manifest ({@code hello@1.0.0}, main {@code ./index.js}) to change one field at a time. */
    private static final class ManifestBuilder {
        final ObjectNode node = MAPPER.createObjectNode()
                .put("name", "hello")
                .put("version", "1.0.0")
                .put("main", "./index.js");

        ManifestBuilder set(String field, Object value) {
            node.set(field, value instanceof JsonNode json ? json : MAPPER.valueToTree(value));
            return this;
        }

        ManifestBuilder without(String field) {
            node.remove(field);
            return this;
        }

        ManifestBuilder action(String key, Object value) {
            ObjectNode action = node.has("action") ? (ObjectNode) node.get("action") : node.putObject("action");
            action.set(key, value instanceof JsonNode json ? json : MAPPER.valueToTree(value));
            return this;
        }

        ManifestBuilder docker(String key, Object value) {
            ObjectNode action = node.has("action") ? (ObjectNode) node.get("action") : node.putObject("action");
            ObjectNode docker = action.has("runnerDockerArguments")
                    ? (ObjectNode) action.get("runnerDockerArguments") : action.putObject("runnerDockerArguments");
            docker.set(key, MAPPER.valueToTree(value));
            return this;
        }

        ManifestBuilder trigger(String singleQuotedJson) {
            ArrayNode triggers = node.has("triggers") ? (ArrayNode) node.get("triggers") : node.putArray("triggers");
            triggers.add(json(singleQuotedJson));
            return this;
        }

        byte[] bytes() {
            try {
                return MAPPER.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
