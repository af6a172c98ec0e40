package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks {@code triggers}: how many, and each by the parser of its {@code type}. */
final class TriggersParser {

    private final int maxTriggers;
    private final Map<String, TriggerParser> byType;

    TriggersParser(ManifestLimits limits) {
        this.maxTriggers = limits.maxTriggers();
        this.byType = Map.of(
                "http", new HttpTriggerParser(),
                "schedule", new ScheduleTriggerParser(limits.scheduleMinInterval()),
                "mqtt", new MqttTriggerParser());
    }

    List<TriggerDefinition> parse(JsonFields root) {
        List<TriggerDefinition> result = new ArrayList<>();
        JsonNode triggers = root.get("triggers");
        if (triggers != null && triggers.isArray() && triggers.size() > maxTriggers) {
            root.error("triggers", "at most " + maxTriggers + " triggers per version are allowed, got "
                    + triggers.size());
            return result;
        }
        root.forEachObject("triggers", "must be an array", "must be an object", fields -> {
            String type = fields.text("type", true, 1, 16).orElse(null);
            String name = fields.text("name", false, 0, 256).orElse(null);
            if (type == null) {
                return;
            }
            TriggerParser parser = byType.get(type);
            if (parser == null) {
                fields.error("type", "must be http, schedule or mqtt, got \"" + type + "\"");
            } else {
                result.add(parser.parse(fields, name, (ObjectNode) fields.node()));
            }
        });
        return result;
    }
}
