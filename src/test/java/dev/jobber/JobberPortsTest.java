package dev.jobber;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ports the embedded database must leave to Jobber's own listeners are read as configuration reads them. */
class JobberPortsTest {

    @Test
    void readsTheListenersPortsAsConfigurationWould() {
        String before = System.getProperty("gateway.port");
        System.setProperty("gateway.port", "4567");
        try {
            assertThat(JobberMain.jobberPorts()).contains(4567).contains(5211);
        } finally {
            if (before == null) {
                System.clearProperty("gateway.port");
            } else {
                System.setProperty("gateway.port", before);
            }
        }
    }
}
