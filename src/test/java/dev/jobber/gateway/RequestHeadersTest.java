package dev.jobber.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    @Test
    void removesOnlyTheSessionCookiesWhereverTheyStand() {
        assertThat(RequestHeaders.withoutSessionCookies("jobber-session=a; b=1;c=2 ; __Host-jobber-session=x"))
                .isEqualTo("b=1; c=2");
        assertThat(RequestHeaders.withoutSessionCookies("my-jobber-session=1; jobber-sessions=2"))
                .isEqualTo("my-jobber-session=1; jobber-sessions=2");
        assertThat(RequestHeaders.withoutSessionCookies("JOBBER-SESSION=a")).isEmpty();
        assertThat(RequestHeaders.withoutSessionCookies("theme=dark")).isEqualTo("theme=dark");
    }

    @Test
    void dropsHopByHopHeadersAndThoseTheConnectionHeaderNames() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Connection", "keep-alive,\tX-A , x-b")
                .add("Connection", "X-C").add("X-A", "1").add("X-B", "2").add("X-C", "3").add("X-AB", "kept")
                .add("Transfer-Encoding", "chunked").add("Proxy-Authorization", "Basic x").add("Accept", "*/*");

        assertThat(RequestHeaders.forwarded(headers)).containsExactly(Map.entry("X-AB", "kept"),
                Map.entry("Accept", "*/*"));
    }
}
