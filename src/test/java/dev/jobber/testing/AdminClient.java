package dev.jobber.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Admin API calls to a Jobber process as the test administrator ({@link TestAdmin}); every call goes through
 * {@link #send}, which adds the bearer token.
 */
public final class AdminClient {

    private final JobberProcess jobber;
    private final String token;

    public AdminClient(JobberProcess jobber) {
        this.jobber = jobber;
        this.token = TestAdmin.token(jobber.uri("/"));
    }

    /** The administrator's API token the calls carry. */
    public String token() {
        return token;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(jobber.uri(path)).GET());
    }

    /** Publishes a job archive ({@code POST /api/job/publish/}). */
    public HttpResponse<String> publish(byte[] archive) throws IOException, InterruptedException {
        return send(Multipart.request(jobber.uri("/api/job/publish/"), "archive",
                HttpRequest.BodyPublishers.ofByteArray(archive)));
    }

    /** Posts an urlencoded form. */
    public HttpResponse<String> postForm(String path, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(jobber.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Authorization", "Bearer " + token);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The admin API's base URL. */
    public URI baseUri() {
        String uri = jobber.uri("/").toString();
        return URI.create(uri.substring(0, uri.length() - 1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
