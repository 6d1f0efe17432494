package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code maxConnectionsPerAddress} (3 here): one client address may hold that many TCP
 * connections at once; a new one beyond it is closed as soon as it is accepted, and one more is
 * admitted again once an earlier one closes.
 */
class ConnectionsPerAddressTest extends ProtocolTestBase {
    private static final int CAP = 3;
    /** How long a read waits; a connection still open after it was not closed by the server. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.maxConnectionsPerAddress(CAP);
    }

    private Socket open() {
        return RawHttp.connect(server.port(), READ_TIMEOUT);
    }

    /** One GET /healthz on {@code s}, keeping it open; the response head. */
    private String keepAliveHealthz(Socket s) throws IOException {
        s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) return head.toString();
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow().substring(15).strip());
        in.readNBytes(length);
        return head.toString();
    }

    /** One GET /healthz on {@code s}; its status line, or null if the connection was closed. */
    private String healthz(Socket s) {
        try {
            s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return all.isEmpty() ? null : all.lines().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void a_connection_beyond_the_cap_is_closed_at_once_and_one_is_admitted_again_after_a_close() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                Socket s = open();
                held.add(s);
                // one answered request: the server has counted this connection before the next one opens
                assertThat(keepAliveHealthz(s)).startsWith("HTTP/1.1 200");
            }
            try (Socket extra = open()) {
                assertThat(RawHttp.closedWithin(extra, READ_TIMEOUT)).as("connection %d from one address", CAP + 1).isTrue();
            }
            // the held ones still work; one of them is then closed
            try (Socket first = held.removeFirst()) {
                assertThat(healthz(first)).startsWith("HTTP/1.1 200");
            }
            // a new connection is admitted again
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Socket again = open()) {
                    String status = healthz(again);
                    return status != null && status.startsWith("HTTP/1.1 200");
                }
            });
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void connections_within_the_cap_are_served() throws IOException {
        for (int round = 0; round < 2 * CAP; round++) {
            try (Socket s = open()) {
                assertThat(healthz(s)).as("round %d", round).startsWith("HTTP/1.1 200");
            }
        }
    }
}
