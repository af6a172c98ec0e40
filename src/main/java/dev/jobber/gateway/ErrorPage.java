package dev.jobber.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's own error answers, in the form the caller's {@code Accept} header prefers: HTML, JSON
 * ({@code {"success":false,"message":…}}), XML or plain text.
 */
public final class ErrorPage {

    private ErrorPage() {
    }

    public static void send(HttpServerRequest request, int status, String message) {
        String accept = request.getHeader("Accept");
        String type;
        String body;
        if (prefers(accept, "application/json")) {
            type = "application/json";
            body = new JsonObject().put("success", false).put("message", message).encode();
        } else if (prefers(accept, "text/html")) {
            type = "text/html; charset=utf-8";
            body = "<!DOCTYPE html><html><head><title>" + status + "</title></head><body><h1>" + status
                    + "</h1><p>" + escapeXml(message) + "</p></body></html>";
        } else if (prefers(accept, "application/xml") || prefers(accept, "text/xml")) {
            type = "application/xml";
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><error><success>false</success><message>"
                    + escapeXml(message) + "</message></error>";
        } else {
            type = "text/plain; charset=utf-8";
            body = message;
        }
        request.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
    }

    private static boolean prefers(String accept, String type) {
        return accept != null && accept.contains(type);
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
