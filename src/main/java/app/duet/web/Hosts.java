package app.duet.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which {@code Host} headers a listener answers to: the defence against DNS rebinding.
 *
 * <p>A server that listens on a loopback address believes only local programs can reach it. A page
 * of {@code evil.example} can break that belief by making its own name resolve to 127.0.0.1: the
 * browser then talks to Duet, same-origin for evil.example, and sends {@code Host: evil.example}.
 * So a loopback listener ({@link #guarding}) answers only to loopback names ({@code localhost},
 * {@code 127.x.x.x}, {@code [::1]}, any port) and to the hosts of configured origins (the public URL
 * and the allowed origins); anything else gets 421 misdirected_request. A listener on any other
 * address accepts every Host: behind a reverse proxy, set the public URL so that the proxy's name
 * is known.
 */
public final class Hosts {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final boolean guarding;
    private final Set<String> configured;

    private Hosts(boolean guarding, Set<String> configured) {
        this.guarding = guarding;
        this.configured = configured;
    }

    /** Every Host is accepted (a listener on a non-loopback address). */
    public static Hosts any() {
        return new Hosts(false, Set.of());
    }

    /**
     * @param listenHost the address the listener binds ("127.0.0.1", "::1", "localhost", "0.0.0.0"...)
     * @param origins    configured origins (public URL, allowed origins) whose hosts are accepted too
     */
    public static Hosts forListener(String listenHost, Collection<String> origins) {
        Set<String> names = origins.stream().filter(Objects::nonNull).map(Hosts::hostOf).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
        return new Hosts(isLoopbackListener(listenHost), names);
    }

    /** Whether Host headers are checked at all (the listener is on a loopback address). */
    public boolean guarding() {
        return guarding;
    }

    /**
     * @param hostHeader the Host header, {@code name[:port]}; null (HTTP/1.0, no browser) passes
     */
    public boolean accepts(String hostHeader) {
        if (!guarding || hostHeader == null) return true;
        String name = nameOf(hostHeader);
        if (name == null) return false;
        return isLoopbackName(name) || configured.contains(name);
    }

    /** The lower-case host name of a Host header without its port ({@code [::1]} keeps its brackets); null if malformed. */
    static String nameOf(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        String rest;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) return null;
            name = h.substring(0, close + 1);
            rest = h.substring(close + 1);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            rest = colon < 0 ? "" : h.substring(colon);
        }
        if (name.isEmpty() || !(rest.isEmpty() || rest.matches(":[0-9]{1,5}"))) return null;
        return name;
    }

    static boolean isLoopbackName(String name) {
        if (name.equals("localhost") || name.equals("[::1]")) return true;
        var m = LOOPBACK_V4.matcher(name);
        if (!m.matches()) return false;
        for (int i = 1; i <= 3; i++) {
            if (Integer.parseInt(m.group(i)) > 255) return false;
        }
        return true;
    }

    private static boolean isLoopbackListener(String listenHost) {
        String h = listenHost.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.isEmpty()) return false;                 // every interface
        if (h.equals("localhost")) return true;
        try {
            // a literal is parsed, not looked up; another name is resolved once, at start
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostOf(String origin) {
        try {
            String host = new URI(origin.strip()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return null;
        }
    }
}
