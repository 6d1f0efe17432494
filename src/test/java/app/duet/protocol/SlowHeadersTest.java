package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RawHttp;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow-loris: a client must finish sending a request's headers within {@code requestHeaderTimeout}
 * (2 s here), or it is disconnected, however steadily it trickles bytes. Kept-alive connections
 * between requests and WebSockets are not cut.
 */
class SlowHeadersTest extends ProtocolTestBase {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** How long past the deadline a disconnection may take (scheduling on a busy machine). */
    private static final Duration SLACK = Duration.ofMillis(2500);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.requestHeaderTimeout(DEADLINE);
    }

    private Socket connect() {
        return RawHttp.connect(server.port(), Duration.ofMillis(500));
    }

    /**
     * Sends {@code start} and then one more header byte every 500 ms, until the server closes the
     * connection; returns how long that took, or null if it was still open after {@code giveUp}.
     */
    private static Duration trickleUntilClosed(Socket s, String start, Duration giveUp) throws IOException {
        long t0 = System.nanoTime();
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (Duration.ofNanos(System.nanoTime() - t0).compareTo(giveUp) < 0) {
            try {
                out.write('a');
                out.flush();
                if (in.read() == -1) return Duration.ofNanos(System.nanoTime() - t0);
            } catch (SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException closed) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
        }
        return null;
    }

    /** Reads one whole response with a Content-Length body; returns its head. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!head.toString().endsWith("\r\n\r\n")) {
            if (System.nanoTime() > deadline) throw new AssertionError("no response: " + head);
            try {
                int b = in.read();
                if (b == -1) throw new AssertionError("closed after: " + head);
                head.append((char) b);
            } catch (SocketTimeoutException e) {
                // keep waiting
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        for (int i = 0; i < length; i++) {
            try {
                if (in.read() == -1) throw new AssertionError("body cut short");
            } catch (SocketTimeoutException e) {
                i--;
            }
        }
        return head.toString();
    }

    private String healthz() {
        return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n";
    }

    @Test
    void a_client_trickling_its_first_request_headers_is_disconnected_at_the_deadline() throws IOException {
        try (Socket s = connect()) {
            Duration took = trickleUntilClosed(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                    DEADLINE.plus(SLACK).plusSeconds(3));
            assertThat(took).as("disconnected").isNotNull();
            assertThat(took).isLessThan(DEADLINE.plus(SLACK));
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_disconnected_at_the_deadline() throws IOException {
        try (Socket s = connect()) {
            assertThat(RawHttp.closedWithin(s, DEADLINE.plus(SLACK))).as("closed without a response").isTrue();
        }
    }

    @Test
    void a_kept_alive_connection_trickling_its_next_request_headers_is_disconnected() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(healthz().getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
            Duration took = trickleUntilClosed(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                    DEADLINE.multipliedBy(2).plus(SLACK).plusSeconds(3));
            assertThat(took).as("disconnected").isNotNull();
            assertThat(took).isLessThan(DEADLINE.multipliedBy(2).plus(SLACK));
        }
    }

    @Test
    void an_idle_kept_alive_connection_is_not_cut_and_serves_the_next_request() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(healthz().getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
            Thread.sleep(DEADLINE.multipliedBy(2).plusMillis(500).toMillis());
            s.getOutputStream().write(healthz().getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void headers_sent_in_pieces_within_the_deadline_are_served() throws Exception {
        try (Socket s = connect()) {
            byte[] request = healthz().getBytes(StandardCharsets.US_ASCII);
            int third = request.length / 3;
            OutputStream out = s.getOutputStream();
            out.write(request, 0, third);
            Thread.sleep(400);
            out.write(request, third, third);
            Thread.sleep(400);
            out.write(request, 2 * third, request.length - 2 * third);
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_websocket_outlives_the_deadline() throws Exception {
        Session s = api.newUser();
        WsClient c = ws(s);
        Thread.sleep(DEADLINE.multipliedBy(2).plusMillis(500).toMillis());
        c.sendJson(java.util.Map.of("type", "ping", "ref", "still-there"));
        assertThat(c.await("pong").path("ref").asText()).isEqualTo("still-there");
    }
}
