package dev.jobber.common.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"sensors/kitchen/temp", "sensors/+/temp", "sensors/#", "#", "+", "+/+", "/", "/a", "a/",
            "+/tennis/#", "$SYS/#", "a//b", " ", "sport/tennis player1", "ünïcode/τοπικό"})
    void acceptsValidTopicFilter(String filter) {
        assertThat(TopicFilter.problem(filter)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis#", "sport/#/ranking", "#/a", "##", "a/#b", "#/#"})
    void rejectsMultiLevelWildcardThatIsNotAWholeLastLevel(String filter) {
        assertThat(TopicFilter.problem(filter)).contains("'#' must be a whole level and the last one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport+", "sport/+tennis", "++", "a/+b/c", "+a"})
    void rejectsSingleLevelWildcardThatIsNotAWholeLevel(String filter) {
        assertThat(TopicFilter.problem(filter)).contains("'+' must be a whole level");
    }

    @Test
    void rejectsEmptyFilter() {
        assertThat(TopicFilter.problem("")).contains("must not be empty");
    }

    @Test
    void rejectsNulCharacter() {
        assertThat(TopicFilter.problem("a/\u0000/b")).contains("must not contain the NUL character");
    }

    @Test
    void rejectsFilterLongerThan65535BytesInUtf8() {
        assertThat(TopicFilter.problem("a".repeat(65535))).isEmpty();
        assertThat(TopicFilter.problem("a".repeat(65536))).contains("must be at most 65535 bytes");
        assertThat(TopicFilter.problem("é".repeat(32768))).contains("must be at most 65535 bytes");
    }
}
