package app.duet.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a request's {@code Origin} is the server's own (the scheme, host and port the
 * client reached) or one configured as allowed. Used for cookie-authenticated WebSocket
 * handshakes and state-changing requests, and for sign-in and sign-up from a browser: the
 * defence against cross-site request forgery.
 *
 * <p>The server's own origin is taken from the {@code Host} header only when {@link Hosts} accepts
 * that Host: a page that rebinds its own name to a loopback server must not count as "own".
 */
public final class Origins {
    private final Set<String> allowed;
    private final Hosts hosts;

    /** Configured origins, and every Host accepted as the server's own (a non-loopback listener). */
    public Origins(List<String> allowedOrigins) {
        this(allowedOrigins, Hosts.any());
    }

    /**
     * @param allowedOrigins origins accepted whatever Host was reached (the public URL's among them)
     * @param hosts          which Host headers may name the server's own origin
     */
    public Origins(List<String> allowedOrigins, Hosts hosts) {
        this.allowed = allowedOrigins.stream().map(Origins::normalize).filter(o -> o != null).collect(Collectors.toUnmodifiableSet());
        this.hosts = hosts;
    }

    /**
     * @param origin the Origin header, may be null
     * @param scheme the scheme the request came in on ("http" or "https")
     * @param host   the Host header, may be null
     */
    public boolean isAllowed(String origin, String scheme, String host) {
        if (origin == null || origin.isBlank()) return false;
        String o = normalize(origin);
        if (o == null) return false;
        if (allowed.contains(o)) return true;
        return host != null && hosts.accepts(host) && o.equals(normalize(scheme + "://" + host));
    }

    /** {@code scheme://host:port}, lower-case, with the default port written out; null if unparsable. */
    static String normalize(String origin) {
        try {
            URI u = new URI(origin.strip());
            if (u.getScheme() == null || u.getHost() == null) return null;
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port == -1) port = switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (Exception e) {
            return null;
        }
    }
}
