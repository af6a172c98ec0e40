package dev.jobber.auth;

/**
 * The name of the admin session cookie. Over plain HTTP it is {@code jobber-session}, the original's name, which its
 * panel relies on. Over TLS it is {@code __Host-jobber-session}: browsers accept a cookie with that prefix only from a
 * secure origin, for path {@code /} and without a domain, so neither another port of the host (the gateway, where
 * functions answer) nor a subdomain can plant one.
 */
public final class SessionCookie {

    public static final String PLAIN = "jobber-session";
    public static final String SECURE = "__Host-jobber-session";

    private SessionCookie() {
    }

    /** The cookie's name on a connection that is ({@code secure}) or is not over TLS. */
    public static String name(boolean secure) {
        return secure ? SECURE : PLAIN;
    }

    /** Whether a cookie of this name is read as a session by some admin API (either name, in any case). */
    public static boolean isSession(String cookieName) {
        return PLAIN.equalsIgnoreCase(cookieName) || SECURE.equalsIgnoreCase(cookieName);
    }
}
