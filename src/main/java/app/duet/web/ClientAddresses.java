package app.duet.web;

import app.duet.IpLiteral;
import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client's address, for per-address limits. The TCP peer, unless that peer is a configured
 * trusted reverse proxy: then the right-most address in {@code X-Forwarded-For} that is not itself
 * a trusted proxy (the left part of the header is whatever the client wrote, so it proves nothing).
 */
final class ClientAddresses {
    private final Set<String> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddresses::canonical).collect(Collectors.toUnmodifiableSet());
    }

    String of(HttpServletRequest req) {
        String peer = canonical(req.getRemoteAddr());
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) return peer;
        String forwarded = req.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.length() > 4096) return peer;
        String[] hops = forwarded.split(",", -1);
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = canonical(hops[i].strip());
            if (hop.isEmpty()) break;
            if (!trustedProxies.contains(hop)) return hop;
        }
        return peer;
    }

    /** The one spelling of an IP literal ("::1" and "0:0:0:0:0:0:0:1" alike); anything else as given. */
    static String canonical(String address) {
        if (address == null) return "";
        return IpLiteral.parse(address).map(InetAddress::getHostAddress).orElse(address);
    }
}
