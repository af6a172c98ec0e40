package dev.jobber.job.manifest;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as the manifest and the Docker CLI write them. */
final class DockerSizes {

    /** {@code memoryLimit}: digits and one of b, k, m, g. */
    static final Pattern MEMORY_LIMIT = Pattern.compile("^\\d+[bkmg]$");
    /** The Docker CLI's sizes: digits, then optionally b, k, m or g (any case), optionally followed by b. */
    private static final Pattern CLI = Pattern.compile("^(\\d{1,30})([bkmg]?)b?$", Pattern.CASE_INSENSITIVE);

    private DockerSizes() {
    }

    /** Bytes of a size that matches {@link #MEMORY_LIMIT}. */
    static BigInteger bytes(String limit) {
        return shifted(limit.substring(0, limit.length() - 1), limit.substring(limit.length() - 1));
    }

    /** Bytes of a size written for the Docker CLI ({@code 512m}, {@code 1G}, {@code 64mb}, {@code 1048576}). */
    static Optional<BigInteger> cliBytes(String size) {
        Matcher matcher = CLI.matcher(size);
        return matcher.matches() ? Optional.of(shifted(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    private static BigInteger shifted(String digits, String unit) {
        int shift = switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return new BigInteger(digits).shiftLeft(shift);
    }
}
