package app.duet.web;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 listener that defends the TCP side of the edge, before any request exists:
 *
 * <ul>
 *   <li><b>Request header deadline</b> (slow-loris): a connection whose first request's headers are
 *       not complete {@code headerTimeout} after it opened is closed. Later requests on a kept-alive
 *       connection are watched too: if header bytes arrive but no request is complete a whole
 *       {@code headerTimeout} later, the connection is closed. An idle kept-alive connection (no
 *       bytes) is left to Jetty's idle timeout, and a connection upgraded to a WebSocket is no longer
 *       watched at all (its frames are the Heartbeat's business).</li>
 *   <li><b>Connections per client address</b>: beyond {@code maxPerAddress} open TCP connections from
 *       one address, a new one is closed as soon as it is accepted. 0 turns it off. It counts TCP
 *       peers: behind a reverse proxy every client is the proxy's address, so leave it off there.</li>
 * </ul>
 *
 * <p>The {@link Hosts} check of this listener and whether it serves only {@code /metrics} ride along
 * for {@link EdgeHandler}. Threads: endpoints open and close on Jetty's selector threads; the header
 * checks run on Jetty's scheduler and only read counters and close endpoints.
 */
final class GuardedConnector extends ServerConnector {
    private static final Logger log = LoggerFactory.getLogger(GuardedConnector.class);
    /**
     * Connections the kernel may hold accepted-but-not-yet-taken. Java's default is 50: a burst of
     * a thousand reconnecting clients (a node restarting) overflowed it, and each dropped SYN
     * cost its client a 1 s retransmit. Linux caps this at net.core.somaxconn (4096 by default).
     */
    static final int ACCEPT_BACKLOG = 4096;

    private final Hosts hosts;
    private final boolean metricsOnly;
    private final int maxPerAddress;
    private final long headerTimeoutMillis;
    private final Map<EndPoint, InetAddress> counted = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    GuardedConnector(Server server, HttpConfiguration http, String host, int port, Hosts hosts, boolean metricsOnly,
                     int maxPerAddress, Duration headerTimeout) {
        super(server, new HttpConnectionFactory(http));
        setHost(host);
        setPort(port);
        setName(metricsOnly ? "metrics" : "main");
        setAcceptQueueSize(ACCEPT_BACKLOG);
        this.hosts = hosts;
        this.metricsOnly = metricsOnly;
        this.maxPerAddress = maxPerAddress;
        this.headerTimeoutMillis = headerTimeout.toMillis();
    }

    Hosts hosts() {
        return hosts;
    }

    boolean metricsOnly() {
        return metricsOnly;
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        super.onEndPointOpened(endPoint);
        if (maxPerAddress > 0 && !admit(endPoint)) {
            release(endPoint);      // it never held a slot; onEndPointClosed then finds nothing to release
            endPoint.close();
            return;
        }
        Connection http = endPoint.getConnection();
        if (http != null) watch(endPoint, http, new HeaderWatch());
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
        release(endPoint);
        super.onEndPointClosed(endPoint);
    }

    private void release(EndPoint endPoint) {
        InetAddress address = counted.remove(endPoint);
        if (address != null) perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Counts the connection against its address; false if that goes over the cap. */
    private boolean admit(EndPoint endPoint) {
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) return true;
        InetAddress address = inet.getAddress();
        int open = perAddress.merge(address, 1, Integer::sum);
        counted.put(endPoint, address);
        if (open > maxPerAddress) {
            log.debug("refusing a connection from {}: {} open, at most {}", address, open - 1, maxPerAddress);
            return false;
        }
        return true;
    }

    // ---- request header deadline

    /** What the previous check saw; touched by one scheduled check at a time. */
    private static final class HeaderWatch {
        long requests;
        long bytesIn;
        boolean headerPending;
    }

    private void watch(EndPoint endPoint, Connection http, HeaderWatch w) {
        getScheduler().schedule(() -> check(endPoint, http, w), headerTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * {@link Connection#getMessagesIn()} counts requests whose headers are complete and
     * {@link Connection#getMessagesOut()} responses begun, so equal counts mean that the connection
     * is between requests: bytes arriving then are the next request's headers.
     */
    private void check(EndPoint endPoint, Connection http, HeaderWatch w) {
        if (!endPoint.isOpen() || endPoint.getConnection() != http) return;   // closed, or upgraded to a WebSocket
        long requests = http.getMessagesIn();
        long bytesIn = http.getBytesIn();
        boolean between = requests == http.getMessagesOut();
        if (requests == 0 || (w.headerPending && between && requests == w.requests)) {
            log.debug("closing {}: request headers not complete within {} ms", endPoint.getRemoteSocketAddress(), headerTimeoutMillis);
            endPoint.close();
            return;
        }
        w.headerPending = between && requests == w.requests && bytesIn > w.bytesIn;
        w.requests = requests;
        w.bytesIn = bytesIn;
        watch(endPoint, http, w);
    }
}
