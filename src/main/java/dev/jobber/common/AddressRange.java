package dev.jobber.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address or a CIDR range of them ({@code 10.0.0.0/8}, {@code fd00::/8}); never resolves host names. */
public record AddressRange(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** @throws IllegalArgumentException when {@code text} is not an address or range */
    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(
                () -> new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range"));
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("\"" + text + "\" has an invalid prefix length");
            }
        }
        return new AddressRange(bytes, prefix);
    }

    /** The bytes of an IP address literal (brackets allowed around IPv6); empty for anything else. */
    public static Optional<byte[]> literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether the address literal {@code address} is in this range. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    private boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
