package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slow or idle clients cannot hold gateway connections forever; a slow function keeps its connection. */
@QuarkusTest
@TestProfile(GatewayTimeoutsTest.ShortTimeouts.class)
@QuarkusTestResource(JobberTestResource.class)
class GatewayTimeoutsTest {

    /** A header timeout of half a second and an idle timeout of one second. */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.header-timeout", "500ms", "gateway.idle-timeout", "1s");
        }
    }

    private static final String FUNCTION = """
            module.exports.handler = async (request, response) => {
              await new Promise((resolve) => setTimeout(resolve, Number(request.query('ms') ?? '0')));
              response.text('done');
            };
            """;

    @Inject
    GatewayServer gateway;

    @Test
    void aClientThatSendsHalfARequestHeadIsDisconnected() throws Exception {
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.send("GET /anything HTTP/1.1\r\nHost: slow.te");
            assertThat(http.closedWithin(Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void aClientThatConnectsAndSendsNothingIsDisconnected() throws Exception {
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            assertThat(http.closedWithin(Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.send("GET /nothing-here HTTP/1.1\r\nHost: nobody.test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(404);
            http.readFixedBody();
            assertThat(http.closedWithin(Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void aFunctionTakingLongerThanBothTimeoutsStillAnswersAndTheConnectionStaysUsable() throws Exception {
        String name = unique("patient");
        publish(job(name, "1.0.0").file("index.js", FUNCTION).manifest(m -> {
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("hostname", name + ".test");
        }).zip()).statusCode(200);

        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.send("GET /wait?ms=2500 HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.readFixedBody()).isEqualTo("done");
            http.send("GET /wait HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.readFixedBody()).isEqualTo("done");
        }
    }
}
