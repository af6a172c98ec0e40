package dev.jobber.job.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TriggerDefinitionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ManifestParser PARSER = new ManifestParser(MAPPER,
            TestManifestLimits.of(32, Duration.ofSeconds(1)));

    @Test
    void readsEveryPublishedTriggerBackAsItWasParsed() throws Exception {
        String json = """
                {"name": "t", "version": "1.0.0", "main": "./index.js", "triggers": [
                  {"type": "http", "name": "web", "hostname": "example.com", "method": "POST", "path": "^/a/(\\\\d+)$"},
                  {"type": "http"},
                  {"type": "schedule", "cron": "*/5 * * * *", "timezone": "Europe/Vienna"},
                  {"type": "schedule", "name": "nightly", "cron": "@daily"},
                  {"type": "mqtt", "topics": ["a/+", "b/#"], "connection": {"hostVariable": "BROKER", "port": "1883"}}
                ]}""";
        Manifest manifest = PARSER.parse(json.getBytes(StandardCharsets.UTF_8), "index.js"::equals);

        assertThat(manifest.triggers()).hasSize(5).allSatisfy(parsed -> {
            ObjectNode stored = (ObjectNode) MAPPER.readTree(parsed.context().toString());
            assertThat(TriggerDefinition.stored(parsed.kind(), parsed.name(), stored)).isEqualTo(parsed);
        });
    }

    @Test
    void readsAFieldOfTheWrongTypeAsAbsent() {
        ObjectNode context = MAPPER.createObjectNode().put("type", "http").put("method", 5);
        context.putNull("path");

        assertThat(TriggerDefinition.stored("http", null, context))
                .isEqualTo(new TriggerDefinition.Http(null, null, null, null, context));
        assertThat(((TriggerDefinition.Mqtt) TriggerDefinition.stored("mqtt", "m", MAPPER.createObjectNode()))
                .connection()).isEmpty();
        assertThatThrownBy(() -> TriggerDefinition.stored("email", null, context))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
