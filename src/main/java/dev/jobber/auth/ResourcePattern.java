package dev.jobber.auth;

/**
 * The original's resource patterns: compared segment by segment ({@code /}); {@code *} matches any one segment or a
 * missing one; a pattern with fewer segments than the resource covers everything below it.
 */
public final class ResourcePattern {

    private static final String ANY = "*";

    private ResourcePattern() {
    }

    /** Whether {@code pattern} matches the concrete {@code resource}. */
    public static boolean matches(String pattern, String resource) {
        String[] p = pattern.split("/", -1);
        String[] r = resource.split("/", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(ANY)) {
                continue;
            }
            if (i >= r.length || !p[i].equals(r[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether every resource {@code inner} matches is also matched by {@code outer}. */
    public static boolean covers(String outer, String inner) {
        String[] o = outer.split("/", -1);
        String[] in = inner.split("/", -1);
        for (int i = 0; i < o.length; i++) {
            if (o[i].equals(ANY)) {
                continue;
            }
            // Beyond its last segment (or at a wildcard) the inner pattern matches any segment, so outer must too.
            if (i >= in.length || in[i].equals(ANY) || !o[i].equals(in[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether some resource is matched by both patterns. */
    public static boolean overlaps(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(ANY) && !y[i].equals(ANY) && !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }
}
