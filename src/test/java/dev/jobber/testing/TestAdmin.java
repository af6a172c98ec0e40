package dev.jobber.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The startup administrator of the Jobber under test, and an all-permission API token for it per server, so tests
 * that are not about authentication call the admin API as an administrator would.
 */
public final class TestAdmin {

    public static final String USERNAME = "admin";
    public static final String PASSWORD = "test-" + UUID.randomUUID();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestAdmin() {
    }

    /** An API token with every permission on the server at {@code uri} (scheme, host and port are used). */
    public static String token(URI uri) {
        return TOKENS.computeIfAbsent(origin(uri), TestAdmin::create);
    }

    /** Lets every RestAssured request without credentials of its own call as the administrator. */
    static synchronized void installFilter() {
        if (RestAssured.filters().stream().noneMatch(AuthFilter.class::isInstance)) {
            RestAssured.filters(new AuthFilter());
        }
    }

    /** A session cookie ({@code jobber-session=…}) of {@code username}. */
    public static String login(URI server, String username, String password) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(origin(server) + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("username", username, "password", password))))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Login failed: " + response.statusCode() + " " + response.body());
        }
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String create(String origin) {
        String cookie = login(URI.create(origin), USERNAME, PASSWORD);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(origin + "/api/api-tokens/"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"tests\",\"ttl\":86400,\"permissions\":"
                        + "[{\"effect\":\"allow\",\"resource\":\"*\",\"actions\":[\"read\",\"write\",\"delete\"]}]}"))
                .build());
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Token creation failed: " + response.body());
            }
            return body.path("data").path("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Sends admin API requests (the test port; not the gateway's) that carry no credentials of their own with the
     * administrator's token. Tests of anonymous
     * callers opt out with {@code given().noFiltersOfType(TestAdmin.AuthFilter.class)}.
     */
    public static final class AuthFilter implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (request.getPort() != RestAssured.port || request.getHeaders().hasHeaderWithName("Authorization")
                    || request.getHeaders().hasHeaderWithName("Cookie") || request.getCookies().exist()) {
                return context.next(request, response);
            }
            URI server = URI.create(request.getURI());
            request.header("Authorization", "Bearer " + token(server));
            return context.next(request, response);
        }
    }
}
