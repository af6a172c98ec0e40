package dev.jobber.job.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeVersionRangeTest {

    /**
     * Each row: a range and the Node majors from 16 to 26 that some release of satisfies it.
     */
    @ParameterizedTest(name = "\"{0}\" allows {1}")
    @CsvSource(delimiter = ';', value = {
            // caret
            "^20; 20",
            "^20.1; 20",
            "^20.1.2; 20",
            "^v22; 22",
            "^0.1; ''",
            "^0; ''",
            "^*; 16 17 18 19 20 21 22 23 24 25 26",
            // tilde
            "~22; 22",
            "~22.3; 22",
            "~22.3.1; 22",
            "~>20; 20",
            "~x; 16 17 18 19 20 21 22 23 24 25 26",
            "~ 22; 22",
            // x-ranges and plain versions
            "20; 20",
            "20.x; 20",
            "20.X.x; 20",
            "20.*; 20",
            "*; 16 17 18 19 20 21 22 23 24 25 26",
            "x; 16 17 18 19 20 21 22 23 24 25 26",
            "''; 16 17 18 19 20 21 22 23 24 25 26",
            "=22.1.0; 22",
            "v20.11.1; 20",
            "=v24; 24",
            // comparators
            ">=20; 20 21 22 23 24 25 26",
            ">= 20; 20 21 22 23 24 25 26",
            ">20; 21 22 23 24 25 26",
            ">20.1; 20 21 22 23 24 25 26",
            ">20.1.2; 20 21 22 23 24 25 26",
            "<20; 16 17 18 19",
            "<20.0.1; 16 17 18 19 20",
            "<=22; 16 17 18 19 20 21 22",
            "<=22.0.0; 16 17 18 19 20 21 22",
            ">=18 <23; 18 19 20 21 22",
            ">=18<23; 18 19 20 21 22",
            ">=22.5 <22.3; ''",
            ">22 <23; ''",
            ">=20.0.0-rc.1 <21; 20",
            "<*; ''",
            // hyphen ranges
            "20 - 22; 20 21 22",
            "20.1 - 22.0.3; 20 21 22",
            "v20 - v22; 20 21 22",
            "22 - *; 22 23 24 25 26",
            // alternatives
            "20.x || 22; 20 22",
            "^18 || ^20 || ^22; 18 20 22",
            "16 - 18 || >=24; 16 17 18 24 25 26",
            "^20 ||; 16 17 18 19 20 21 22 23 24 25 26",
            "||; 16 17 18 19 20 21 22 23 24 25 26"})
    void allowsExactlyTheMajorsTheRangeCovers(String range, String majors) {
        NodeVersionRange parsed = NodeVersionRange.parse(range);

        List<Integer> allowed = IntStream.rangeClosed(16, 26).filter(parsed::allowsMajor).boxed().toList();

        assertThat(allowed).containsExactlyElementsOf(majors.isEmpty() ? List.of()
                : Arrays.stream(majors.split(" ")).map(Integer::valueOf).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "lts/*", "node20", "20.1.2.3", "20 -", "- 20", "==20", ">=>20", "^", ">=",
            "20 || garbage", "20,22", "1234567", "20.x.y", "a - b"})
    void rejectsTextThatIsNotASemverRange(String range) {
        assertThatIllegalArgumentException().isThrownBy(() -> NodeVersionRange.parse(range));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ^20 ", "\t>=20 <21\n"})
    void ignoresSurroundingWhitespace(String range) {
        assertThat(NodeVersionRange.parse(range).allowsMajor(20)).isTrue();
        assertThat(NodeVersionRange.parse(range).allowsMajor(22)).isFalse();
    }
}
