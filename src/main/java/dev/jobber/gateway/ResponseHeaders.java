package dev.jobber.gateway;

import dev.jobber.auth.SessionCookie;

/**
 * Which of the headers a function sets reach the client. The gateway frames the response itself, so headers about
 * the connection or the framing are dropped (they would make the client read the body wrongly, or break the
 * connection for the requests after it), and so is a {@code Set-Cookie} of Jobber's session cookie (session
 * fixation: browsers send a host's cookies to all of its ports).
 */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /** Why the header must not reach the client, for the job's logs; null when it may. */
    static String refusal(String name, String value) {
        if (RequestHeaders.isHopByHop(name)) {
            return "Dropped the response header '" + name + "' the function set: the gateway decides how the "
                    + "response is framed and how the connection is used";
        }
        if (name.equalsIgnoreCase("set-cookie") && SessionCookie.isSession(cookieName(value))) {
            return "Dropped a Set-Cookie of '" + cookieName(value) + "' the function set: that is Jobber's "
                    + "session cookie, which functions cannot set";
        }
        return null;
    }

    private static String cookieName(String setCookie) {
        int end = setCookie.indexOf('=');
        int semicolon = setCookie.indexOf(';');
        if (end < 0 || (semicolon >= 0 && semicolon < end)) {
            end = semicolon < 0 ? setCookie.length() : semicolon;
        }
        return setCookie.substring(0, end).strip();
    }
}
