package dev.jobber.trigger.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttDeliveryTest {

    @Test
    void aMessageNoRunnerTookWaitsTwiceAsLongEachTimeUpToTheLongestWait() {
        assertThat(MqttDelivery.waitDelay(0)).isEqualTo(500);
        assertThat(MqttDelivery.waitDelay(1)).isEqualTo(1_000);
        assertThat(MqttDelivery.waitDelay(5)).isEqualTo(16_000);
        assertThat(MqttDelivery.waitDelay(6)).isEqualTo(MqttDelivery.MAX_WAIT_MS);
        assertThat(MqttDelivery.waitDelay(1_000)).isEqualTo(MqttDelivery.MAX_WAIT_MS);
    }

    @Test
    void aMessageTheFunctionFailedIsTriedAgainAfterOneThenTwoSeconds() {
        assertThat(MqttDelivery.retryDelay(1)).isEqualTo(1_000);
        assertThat(MqttDelivery.retryDelay(MqttDelivery.MAX_ATTEMPTS - 1)).isEqualTo(2_000);
    }
}
