package app.duet.bench;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Where the generator points: {@code --target URL} and, to read their CPU and memory, its processes ({@code --server-pid}). */
public final class Target {
    @Option(names = "--target", description = "The Duet to drive: one node or a balancer (default: ${DEFAULT-VALUE}).")
    String url = "http://127.0.0.1:8080";

    @Option(names = "--server-pid", description = "A server process (with its child processes) whose CPU and memory to report; "
            + "repeatable: a cluster's nodes, database, Redis and balancer (same machine only).")
    List<Long> serverPids = new ArrayList<>();

    /** The first {@code --server-pid} (the one whose heap is read), or 0 when none was given. */
    long serverPid() {
        return serverPids.isEmpty() ? 0 : serverPids.get(0);
    }

    URI url() {
        String u = url.endsWith("/") ? url : url + "/";
        URI uri = URI.create(u);
        String host = uri.getHost();
        if (host == null || !(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"))) {
            throw new IllegalArgumentException("--target must be on this machine's loopback (127.0.0.0/8, ::1, localhost): " + url);
        }
        return uri;
    }

    URI webSocketUrl() {
        URI u = url();
        return URI.create((u.getScheme().equals("https") ? "wss" : "ws") + "://" + u.getRawAuthority() + "/ws");
    }
}
