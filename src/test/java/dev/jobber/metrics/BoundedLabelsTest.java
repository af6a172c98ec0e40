package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedLabelsTest {

    private final BoundedLabels labels = new BoundedLabels();

    @Test
    void keepsStandardMethodsInUpperCaseAndCountsOthersAsOther() {
        assertThat(BoundedLabels.method("patch")).isEqualTo("PATCH");
        assertThat(BoundedLabels.method("PROPFIND")).isEqualTo("other");
        assertThat(BoundedLabels.method(null)).isEqualTo("other");
    }

    @Test
    void keepsStatusCodesFromOneHundredToFiveHundredNinetyNine() {
        assertThat(BoundedLabels.status(100)).isEqualTo("100");
        assertThat(BoundedLabels.status(599)).isEqualTo("599");
        assertThat(BoundedLabels.status(99)).isEqualTo("other");
        assertThat(BoundedLabels.status(600)).isEqualTo("other");
    }

    @Test
    void aConfiguredHostnameTakesNoPlaceAmongTheHostsSeen() {
        for (int i = 0; i < 40; i++) {
            assertThat(labels.host("Configured-" + i + ".test", null)).isEqualTo("configured-" + i + ".test");
        }
        assertThat(labels.host(null, "Seen.test")).isEqualTo("seen.test");
        assertThat(labels.host(null, "")).isEmpty();
    }

    @Test
    void anOverlongTopicTakesAPlaceAsOther() {
        assertThat(labels.topic("t".repeat(BoundedLabels.MAX_LABEL_LENGTH + 1))).isEqualTo("other");
        for (int i = 0; i < BoundedLabels.MAX_TOPICS - 1; i++) {
            assertThat(labels.topic("out/" + i)).isEqualTo("out/" + i);
        }
        assertThat(labels.topic("out/late")).isEqualTo("other");
        assertThat(labels.topic("out/0")).isEqualTo("out/0");
    }
}
