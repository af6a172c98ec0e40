package dev.jobber.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.common.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsKnownFieldsOfEveryType() {
        UUID id = UUID.randomUUID();
        JsonFields fields = JsonFields.body(json("{\"name\":\"a\",\"on\":true,\"ttl\":60,\"id\":\"" + id + "\"}"),
                Set.of("name", "on", "ttl", "id"));

        assertThat(fields.text("name", true)).contains("a");
        assertThat(fields.bool("on")).contains(true);
        assertThat(fields.wholeNumber("ttl", true)).contains(60L);
        assertThat(fields.uuid("id", true)).contains(id);
        fields.validate();
    }

    @Test
    void refusesABodyThatIsNoObject() {
        assertThatThrownBy(() -> JsonFields.body(json("[1]"), Set.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("body", "must be a JSON object")));
        assertThatThrownBy(() -> JsonFields.body(null, Set.of())).isInstanceOf(ValidationException.class);
    }

    @Test
    void reportsEveryProblemAtOnceUnknownFieldsIncluded() {
        JsonFields fields = JsonFields.body(json("{\"extra\":1,\"name\":5,\"on\":\"yes\",\"ttl\":1.5,\"id\":\"x\"}"),
                Set.of("name", "on", "ttl", "id", "missing"));

        fields.text("name", true);
        fields.bool("on");
        fields.wholeNumber("ttl", true);
        fields.uuid("id", true);
        fields.text("missing", true);

        assertThat(fields.errors()).containsExactly(
                new FieldError("extra", "is not a known field"),
                new FieldError("name", "must be a string, got number"),
                new FieldError("on", "must be true or false, got \"yes\""),
                new FieldError("ttl", "must be a whole number, got 1.5"),
                new FieldError("id", "must be a UUID, got \"x\""),
                new FieldError("missing", "is required"));
        assertThatThrownBy(fields::validate).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Invalid request: extra: is not a known field; name: must be a string");
    }

    @Test
    void takesNullAsAbsentButTellsThatTheFieldIsNamed() {
        JsonFields fields = JsonFields.body(json("{\"id\":null}"), Set.of("id", "other"));

        assertThat(fields.uuid("id", false)).isEmpty();
        assertThat(fields.names("id")).isTrue();
        assertThat(fields.names("other")).isFalse();
        fields.text("id", true);
        assertThat(fields.errors()).containsExactly(new FieldError("id", "is required"));
    }

    @Test
    void checksTextLengthInCharacters() {
        JsonFields fields = JsonFields.of(json("{\"a\":\"\",\"b\":\"ééé\",\"c\":\"abcd\",\"d\":\"xy\"}"));

        assertThat(fields.text("a", false, 1, 3)).isEmpty();
        assertThat(fields.text("b", false, 1, 3)).contains("ééé");
        assertThat(fields.text("c", false, 0, 3)).isEmpty();
        assertThat(fields.text("d", false, 1, 1)).isEmpty();
        assertThat(fields.errors()).containsExactly(
                new FieldError("a", "must be 1 to 3 characters, got 0"),
                new FieldError("c", "must be at most 3 characters, got 4"),
                new FieldError("d", "must be 1 characters"));
    }

    @Test
    void namesNestedFieldsByTheirPathAndCollectsInOneList() {
        JsonFields root = JsonFields.of(json("{\"triggers\":[{\"cron\":1}]}"));
        JsonFields trigger = root.at(root.get("triggers").get(0), "triggers[0]");

        trigger.text("cron", true);
        trigger.error("", "is wrong as a whole");
        root.at(null, "action").text("runnerMode", true);

        assertThat(root.errors()).containsExactly(
                new FieldError("triggers[0].cron", "must be a string, got number"),
                new FieldError("triggers[0]", "is wrong as a whole"),
                new FieldError("action.runnerMode", "is required"));
        assertThatThrownBy(() -> root.validate("Invalid package.json"))
                .hasMessageStartingWith("Invalid package.json: triggers[0].cron: must be a string");
    }

    @Test
    void collectsTheProblemsOfAFieldParser() {
        JsonFields fields = JsonFields.body(json("{\"permissions\":[1],\"level\":\"high\"}"),
                Set.of("permissions", "level"));

        Optional<Integer> level = fields.parsed("level", true, (value, field) -> {
            if (!value.asText().equals("low")) {
                throw ValidationException.of(field, "must be low");
            }
            return 1;
        });
        Optional<String> permissions = fields.parsed("permissions", true, (value, field) -> {
            throw ValidationException.of(field + "[0]", "must be an object");
        });

        assertThat(level).isEmpty();
        assertThat(permissions).isEmpty();
        assertThat(fields.errors()).containsExactly(new FieldError("level", "must be low"),
                new FieldError("permissions[0]", "must be an object"));
    }

    @Test
    void walksTheElementsOfAnArrayByTheirPath() {
        JsonFields fields = JsonFields.of(json("{\"tags\":[\"a\",2],\"other\":{}}"));
        List<String> seen = new ArrayList<>();

        fields.forEachElement("tags", "must be a list", (element, key) -> seen.add(key + "=" + element));
        fields.forEachElement("absent", "must be a list", (element, key) -> seen.add(key));
        fields.forEachElement("other", "must be a list", (element, key) -> seen.add(key));

        assertThat(seen).containsExactly("tags[0]=\"a\"", "tags[1]=2");
        assertThat(fields.errors()).containsExactly(new FieldError("other", "must be a list"));
    }

    @Test
    void readsTheObjectsOfAnArrayBelowTheirPath() {
        JsonFields fields = JsonFields.of(json("{\"links\":[{\"url\":1},\"x\"]}"));

        fields.forEachObject("links", "must be a list", "must be an object", link -> link.text("url", true));

        assertThat(fields.errors()).containsExactly(new FieldError("links[0].url", "must be a string, got number"),
                new FieldError("links[1]", "must be an object"));
    }
}
