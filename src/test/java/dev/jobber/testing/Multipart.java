package dev.jobber.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/** Sends a one-file multipart upload with a Content-Length, as curl -F does, streaming the file, as the test admin. */
public final class Multipart {

    private Multipart() {
    }

    public static HttpResponse<String> post(URI uri, String field, byte[] file) throws IOException, InterruptedException {
        return send(uri, field, HttpRequest.BodyPublishers.ofByteArray(file));
    }

    public static HttpResponse<String> post(URI uri, String field, Path file) throws IOException, InterruptedException {
        return send(uri, field, HttpRequest.BodyPublishers.ofFile(file));
    }

    private static HttpResponse<String> send(URI uri, String field, HttpRequest.BodyPublisher file)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request(uri, field, file).header("Authorization", "Bearer " + TestAdmin.token(uri))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The upload as a request without credentials, still open to more headers. */
    public static HttpRequest.Builder request(URI uri, String field, HttpRequest.BodyPublisher file) {
        String boundary = "----jobber" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"job.zip\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), file,
                        HttpRequest.BodyPublishers.ofByteArray(tail)));
    }
}
