package app.duet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that does the handshake by hand over a plain socket and then never reads
 * again: the attacker's stalled client. Unlike {@link WsClient} in paused mode, nothing of it
 * lives in this JVM's heap beyond the socket object, so a test can measure the server's heap, and
 * with a small receive buffer the kernel soaks up little of what the server sends.
 */
public final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    private final int status;
    private final String head;

    private StalledSocket(Socket socket, int status, String head) {
        this.socket = socket;
        this.status = status;
        this.head = head;
    }

    /** Opens {@code /ws} with a bearer token and reads only the handshake's answer head. */
    public static StalledSocket open(int port, String token) {
        return open(port, token, "");
    }

    /** As {@link #open(int, String)}, with extra header lines (each ending in CRLF). */
    public static StalledSocket open(int port, String token, String extraHeaders) {
        Socket s = new Socket();
        try {
            s.setReceiveBufferSize(4096); // before connect, so the window stays small
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String req = "GET /ws HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + extraHeaders
                    + "\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.split(" ", 3)[1]);
            return new StalledSocket(s, status, text);
        } catch (IOException e) {
            try { s.close(); } catch (IOException ignored) { }
            throw new UncheckedIOException(e);
        }
    }

    /** The handshake's HTTP status: 101 when upgraded. */
    public int status() { return status; }

    /** The handshake answer's status line and headers. */
    public String head() { return head; }

    /** The underlying socket, to read from after all (a test's own frame parsing). */
    public Socket socket() { return socket; }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
