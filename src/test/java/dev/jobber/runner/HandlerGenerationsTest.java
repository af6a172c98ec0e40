package dev.jobber.runner;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Functions of the original's second generation, run in real containers through the gateway. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class HandlerGenerationsTest {

    @Inject
    GatewayServer gateway;

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    /** Publishes an ES module job whose HTTP trigger takes every path under /{name}/. */
    private static void publishModule(String name, String source) {
        publish(job(name, "1.0.0").file("index.mjs", source).manifest(m -> {
            m.put("main", "./index.mjs").put("type", "module").remove("description");
            m.withArray("triggers").removeAll();
            m.withArray("triggers").addObject().put("type", "http").put("path", "^/" + name + "/");
        }).zip()).statusCode(200);
    }

    @Test
    void runsAnEsModuleWithBootstrapOncePerRunner() {
        String name = unique("esm");
        publishModule(name, """
                let bootstraps = 0;
                export async function bootstrap() {
                  bootstraps += 1;
                  await globalThis.jobber.publish('unused', 'x');
                }
                export async function handlerHttp(context) {
                  const { request, response } = context;
                  if (request.path.endsWith('/empty')) return;
                  if (request.path.endsWith('/page')) return response.html('<p>hi</p>');
                  response.json({
                    bootstraps,
                    method: request.method,
                    text: await request.text(),
                    tags: request.header('x-tag'),
                    q: request.query('q'),
                  });
                }
                """);

        for (int i = 0; i < 2; i++) {
            given().header("X-Tag", "a").header("X-Tag", "b").body("payload").post(url("/" + name + "/x?q=1"))
                    .then().statusCode(200)
                    .body("bootstraps", equalTo(1)).body("method", equalTo("POST"))
                    .body("text", equalTo("payload")).body("q", equalTo("1"));
        }
        given().get(url("/" + name + "/empty")).then().statusCode(204).body(equalTo(""));
        given().get(url("/" + name + "/page")).then().statusCode(200)
                .contentType(containsString("text/html")).body(equalTo("<p>hi</p>"));
    }

    @Test
    void aThrowingBootstrapFailsTheStartWithItsError() {
        String name = unique("badboot");
        publishModule(name, """
                export function bootstrap() { throw new Error('missing configuration X'); }
                export function handlerHttp(context) { context.response.text('never'); }
                """);

        given().accept("application/json").get(url("/" + name + "/x")).then().statusCode(502)
                .body("message", containsString("missing configuration X"));
    }

    @Test
    void streamsAResponseAsItIsWritten() throws Exception {
        String name = unique("stream");
        publishModule(name, """
                let release;
                const released = new Promise((resolve) => { release = resolve; });
                export async function handlerHttp(context) {
                  if (context.request.path.endsWith('/release')) { release(); return context.response.text('ok'); }
                  context.response.header('content-type', 'text/event-stream');
                  const out = context.response.getWriteStream();
                  out.write('data: first\\n\\n');
                  await released;
                  out.end('data: second\\n\\n');
                }
                """);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<InputStream> events = client.send(HttpRequest.newBuilder(URI.create(url("/" + name
                    + "/events"))).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(events.statusCode()).isEqualTo(200);
            try (InputStream body = events.body()) {
                byte[] first = new byte["data: first\n\n".length()];
                int read = 0;
                while (read < first.length) {
                    int n = body.read(first, read, first.length - read);
                    assertThat(n).isPositive();
                    read += n;
                }
                // The first event arrived while the function is still waiting to write the second.
                assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
                given().get(url("/" + name + "/release")).then().statusCode(200);
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: second\n\n");
            }
        }
    }
}
