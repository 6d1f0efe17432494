package app.duet.testing;

import app.duet.testing.ApiClient.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket to 127.0.0.1, for what {@link java.net.http.HttpClient}
 * will not send: any {@code Host} header, a real WebSocket upgrade whose refusal (status and error
 * body) must be read, {@code Connection}/{@code Upgrade} headers. Reads a Content-Length, chunked or
 * read-to-close body; a 101 answer has an empty body and the socket is closed at once.
 *
 * <p>Also the bare connection, for tests about the connection itself rather than one exchange
 * (connection caps, header deadlines): {@link #connect} and {@link #closedWithin}.
 */
public final class RawHttp {
    private RawHttp() { }

    /** Sends {@code method path} with {@code Host: host}, the headers and an optional JSON body. */
    public static Response exchange(int port, String method, String path, String host, Map<String, String> headers,
                                    String body) {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            req.append("Content-Type: application/json\r\nContent-Length: ").append(bodyBytes.length).append("\r\n");
        }
        if (!headers.containsKey("Connection")) req.append("Connection: close\r\n");
        req.append("\r\n");
        return send(port, req.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), bodyBytes);
    }

    /**
     * Sends {@code requestHead} and {@code body} exactly as given (any headers, any bytes, or none at all)
     * and reads one response.
     */
    public static Response send(int port, byte[] requestHead, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requestHead);
            socket.getOutputStream().write(body);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.readUnsignedByte());
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            java.util.Map<String, java.util.List<String>> got = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) continue;
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                got.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
                if (name.equalsIgnoreCase("Content-Length")) length = Integer.parseInt(value);
            }
            byte[] received;
            boolean chunked = got.getOrDefault("Transfer-Encoding", java.util.List.of()).contains("chunked");
            if (status == 101) {
                received = new byte[0];
            } else if (chunked) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                while (true) {
                    StringBuilder size = new StringBuilder();
                    while (!size.toString().endsWith("\r\n")) size.append((char) in.readUnsignedByte());
                    int n = Integer.parseInt(size.toString().trim().split(";")[0], 16);
                    if (n == 0) break;
                    byte[] chunk = new byte[n];
                    in.readFully(chunk);
                    out.write(chunk);
                    in.readUnsignedByte(); // CR
                    in.readUnsignedByte(); // LF
                }
                received = out.toByteArray();
            } else if (got.containsKey("Content-Length")) {
                received = new byte[length];
                in.readFully(received);
            } else {
                received = in.readAllBytes();
            }
            return new Response(status, java.net.http.HttpHeaders.of(got, (x, y) -> true), received);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A plain TCP connection to the server on 127.0.0.1, nothing sent yet; each read on it gives up
     * after {@code readTimeout}. The caller closes it.
     */
    public static Socket connect(int port, Duration readTimeout) {
        Socket s = null;
        try {
            s = new Socket("127.0.0.1", port);
            s.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            return s;
        } catch (IOException e) {
            if (s != null) {
                try { s.close(); } catch (IOException ignored) { /* failing anyway */ }
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code s} until the server closes it (end of stream or a reset), for at most about
     * {@code within}: true if it was closed; false if it stayed open that long, or sent a byte.
     * At least one read is made, and each waits up to the socket's read timeout, so the wait is
     * {@code within} rounded up to a whole number of read timeouts.
     */
    public static boolean closedWithin(Socket s, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        do {
            try {
                return s.getInputStream().read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        } while (System.nanoTime() - end < 0);
        return false;
    }
}
