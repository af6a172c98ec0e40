package dev.jobber.auth.api;

import dev.jobber.common.AddressRange;
import dev.jobber.config.AuthConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The address a request comes from, as login throttling counts it: the peer's, unless the peer is a trusted proxy
 * ({@code AUTH_TRUSTED_PROXIES}); then the nearest address in {@code Forwarded} (or else {@code X-Forwarded-For}) that
 * is not itself a trusted proxy, read from the right, since a client can write anything to the left.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<AddressRange> trusted;

    public ClientAddress(AuthConfig config) {
        this.trusted = config.trustedProxies().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .map(AddressRange::parse).toList();
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwarded(request.headers().getAll("Forwarded"));
        if (hops.isEmpty()) {
            hops = forwardedFor(request.headers().getAll("X-Forwarded-For"));
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!isTrusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peer : hops.getFirst();
    }

    private boolean isTrusted(String address) {
        return trusted.stream().anyMatch(range -> range.contains(address));
    }

    /** The {@code for=} addresses of RFC 7239 headers, in order. */
    private static List<String> forwarded(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String element : header.split(",")) {
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        hops.add(host(pair.substring(eq + 1).trim().replace("\"", "")));
                    }
                }
            }
        }
        return hops;
    }

    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(host(hop.trim()));
                }
            }
        }
        return hops;
    }

    /** The address without brackets or port: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}. */
    private static String host(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(1, close) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }
}
