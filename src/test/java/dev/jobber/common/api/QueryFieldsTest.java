package dev.jobber.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobber.common.ValidationException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryFieldsTest {

    @Test
    void readsWellFormedParametersAndLeavesAbsentOnesEmpty() {
        QueryFields fields = new QueryFields();
        UUID id = UUID.randomUUID();

        assertThat(fields.uuid("jobId", id.toString())).isEqualTo(id);
        assertThat(fields.wholeNumber("limit", " 12 ", 1, 100)).contains(12L);
        assertThat(fields.wholeNumber("before", null, 1, 100)).isEmpty();
        fields.validate("Invalid query");
    }

    @Test
    void namesEveryMalformedParameterAtOnce() {
        QueryFields fields = new QueryFields();

        assertThat(fields.uuid("jobId", "x")).isNull();
        assertThat(fields.wholeNumber("limit", "0", 1, 100)).isEmpty();
        assertThat(fields.wholeNumber("from", "soon", 0, 9)).isEmpty();

        assertThatThrownBy(() -> fields.validate("Invalid query"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("jobId", "must be a UUID, got \"x\""),
                        new FieldError("limit", "must be a whole number from 1 to 100, got \"0\""),
                        new FieldError("from", "must be a whole number from 0 to 9, got \"soon\"")))
                .hasMessageStartingWith("Invalid query: jobId: must be a UUID");
    }
}
