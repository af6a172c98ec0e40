package dev.jobber.gateway;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What crosses the gateway in headers: an administrator's session and hop-by-hop headers never reach a function, a
 * function cannot set Jobber's session cookie, and the headers it sets cannot break the HTTP framing.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class GatewayHeadersTest {

    private static final String FUNCTION = """
            export async function handlerHttp({ request, response }) {
              const path = request.path;
              if (path.endsWith('/headers')) {
                response.json(request.getHeaders());
              } else if (path.endsWith('/set-session')) {
                response.header('set-cookie', ['jobber-session=planted; Path=/', 'theme=dark; Path=/',
                    '__Host-jobber-session=planted; Path=/; Secure']);
                response.text('cookies set');
              } else if (path.endsWith('/framing')) {
                response.header('transfer-encoding', 'chunked');
                response.header('connection', 'close');
                response.header('keep-alive', 'timeout=1');
                response.header('upgrade', 'websocket');
                response.text('framed');
              } else if (path.endsWith('/streamed-length')) {
                response.header('content-length', '3');
                const out = response.getWriteStream();
                out.write('streamed ');
                out.end('body');
              } else if (path.endsWith('/switching')) {
                response.status(101);
                response.text('not a protocol switch');
              } else {
                response.text('ok');
              }
            }
            """;

    @Inject
    GatewayServer gateway;

    @TestHTTPResource("/")
    URI admin;

    private String publishFunction() {
        String name = unique("headers");
        publish(job(name, "1.0.0").file("index.mjs", FUNCTION).manifest(m -> {
            m.put("main", "./index.mjs").put("type", "module");
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("hostname", name + ".test");
        }).zip()).statusCode(200);
        return name;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    @Test
    void aFunctionNeverSeesTheAdministratorsSessionOrHopByHopHeadersButOtherCookiesArrive() {
        String name = publishFunction();
        String session = TestAdmin.login(admin, TestAdmin.USERNAME, TestAdmin.PASSWORD);
        assertThat(session).startsWith("jobber-session=");

        Response answer = given().header("Host", name + ".test")
                .header("Cookie", "theme=dark; " + session + "; __Host-jobber-session=x; lang=en")
                .header("Connection", "keep-alive, X-Private-Hop")
                .header("X-Private-Hop", "secret").header("Keep-Alive", "timeout=5")
                .header("Proxy-Connection", "keep-alive").header("TE", "trailers").header("Trailer", "X-Sum")
                .header("Upgrade", "chat/1").header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("X-Ordinary", "kept")
                .get(url("/headers"));

        answer.then().statusCode(200);
        List<Map<String, String>> headers = answer.jsonPath().getList("");
        String all = headers.toString();
        assertThat(all).doesNotContain(session.substring(session.indexOf('=') + 1))
                .doesNotContain("jobber-session").doesNotContainIgnoringCase("X-Private-Hop")
                .doesNotContain("secret").doesNotContain("c2VjcmV0").doesNotContain("chat/1")
                .doesNotContain("trailers").doesNotContain("X-Sum").doesNotContain("timeout=5");
        assertThat(headers).extracting(h -> h.get("name").toLowerCase())
                .doesNotContain("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade",
                        "proxy-authorization", "transfer-encoding")
                .contains("x-ordinary", "cookie");
        assertThat(headers).filteredOn(h -> h.get("name").equalsIgnoreCase("cookie"))
                .extracting(h -> h.get("value")).containsExactly("theme=dark; lang=en");
    }

    @Test
    void aRequestWhoseOnlyCookieIsTheSessionReachesTheFunctionWithoutACookieHeader() {
        String name = publishFunction();
        List<Map<String, String>> headers = given().header("Host", name + ".test")
                .header("Cookie", "jobber-session=jbs_abc").get(url("/headers")).then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(headers).extracting(h -> h.get("name").toLowerCase()).doesNotContain("cookie");
    }

    @Test
    void aFunctionCannotSetTheSessionCookieAndItsLogsSayWhy() {
        String name = publishFunction();
        Response answer = given().header("Host", name + ".test").get(url("/set-session"));

        answer.then().statusCode(200);
        assertThat(answer.asString()).isEqualTo("cookies set");
        assertThat(answer.headers().getValues("Set-Cookie")).containsExactly("theme=dark; Path=/");
        String jobId = given().get("/api/job/").then().extract()
                .path("data.find { it.jobName == '" + name + "' }.id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                given().get("/api/job/" + jobId + "/logs").then().statusCode(200).extract()
                        .<List<String>>path("data.message"))
                .anyMatch(line -> line.startsWith("[SYSTEM] ") && line.contains("jobber-session")));
    }

    @Test
    void framingHeadersAFunctionSetsAreDroppedAndTheConnectionStaysUsable() throws Exception {
        String name = publishFunction();
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.send("GET /framing HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.header("transfer-encoding")).isNull();
            assertThat(http.header("connection")).isNull();
            assertThat(http.header("keep-alive")).isNull();
            assertThat(http.header("upgrade")).isNull();
            assertThat(http.readFixedBody()).isEqualTo("framed");

            http.send("GET /streamed-length HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.header("content-length")).isNull();
            assertThat(http.header("transfer-encoding")).isEqualTo("chunked");
            StringBuilder body = new StringBuilder();
            byte[] buffer = new byte[256];
            for (int n = http.readBody(buffer); n >= 0; n = http.readBody(buffer)) {
                body.append(new String(buffer, 0, n));
            }
            assertThat(body).hasToString("streamed body");

            http.send("GET /ok HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.readFixedBody()).isEqualTo("ok");
        }
    }

    @Test
    void anInformationalStatusFromAFunctionAnswers502NamingTheProblem() throws Exception {
        String name = publishFunction();
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.send("GET /switching HTTP/1.1\r\nHost: " + name + ".test\r\nAccept: application/json\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(502);
            assertThat(http.readFixedBody()).contains("101");

            http.send("GET /ok HTTP/1.1\r\nHost: " + name + ".test\r\n\r\n");
            assertThat(http.readHead()).isEqualTo(200);
            assertThat(http.readFixedBody()).isEqualTo("ok");
        }
    }
}
