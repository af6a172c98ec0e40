package dev.jobber.auth.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * Cross-site request refusal for cookie-authenticated changes: a browser names the page's origin in
 * {@code Sec-Fetch-Site} or {@code Origin} (or at least {@code Referer}); it must be this server's own.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * @param strict whether a request that names no origin at all is refused (cookie-authenticated changes) or let
     *     through (sign-in, where no cookie authenticates anything yet)
     */
    static Optional<Response> check(ContainerRequestContext request, boolean strict) {
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none") ? Optional.empty()
                    : refuse("Sec-Fetch-Site is " + site);
        }
        String host = request.getHeaderString("Host");
        String origin = request.getHeaderString("Origin");
        if (origin != null && !origin.equals("null")) {
            return authority(origin).filter(a -> a.equalsIgnoreCase(host)).isPresent() ? Optional.empty()
                    : refuse("Origin " + origin + " is not this server");
        }
        String referer = request.getHeaderString("Referer");
        if (referer != null) {
            return authority(referer).filter(a -> a.equalsIgnoreCase(host)).isPresent() ? Optional.empty()
                    : refuse("Referer is not this server");
        }
        return strict ? refuse("the request names no origin") : Optional.empty();
    }

    private static Optional<String> authority(String url) {
        try {
            return Optional.ofNullable(URI.create(url).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Response> refuse(String why) {
        return Optional.of(AccessFilter.answer(403, "Cross-site request refused (" + why + "); send the Origin "
                + "header of this server or use an API token"));
    }
}
