package app.duet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals, parsed without ever asking DNS (Java 21 has no {@code InetAddress.ofLiteral}). */
public final class IpLiteral {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() { }

    /** The address written in {@code s} (IPv4 dotted or IPv6, brackets allowed), or empty if it is not one. */
    public static Optional<InetAddress> parse(String s) {
        if (s == null) return Optional.empty();
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!LITERAL.matcher(a).matches() || (a.indexOf(':') < 0 && !a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(a)); // a literal: no lookup is made
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
