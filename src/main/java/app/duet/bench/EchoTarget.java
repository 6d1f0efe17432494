package app.duet.bench;

import app.duet.Json;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code duet bench echo}: a stand-in for Duet that does the least the {@code chat} workload
 * needs (register/login, contacts, {@code hello}, {@code send} → {@code ack} + {@code message})
 * and nothing else: no storage, no checks, no limits, one thread over one selector. Driving it
 * shows what the generator itself can do, so that figures measured against Duet are known to
 * measure Duet (docs/PERFORMANCE.md). Loopback only; never run it where others can reach it.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "A trivial stand-in server (no storage, no checks) to show how fast the generator itself is.")
public final class EchoTarget implements Callable<Integer> {
    private static final int MAX_USERS = 1_000_000;
    private static final int MAX_PENDING = 8 << 20;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port = 8090;

    private final Map<String, Long> ids = new HashMap<>();
    private final Map<Long, List<Conn>> sockets = new HashMap<>();
    private long nextSeq;

    /** One client connection: HTTP until it upgrades, then WebSocket. */
    private static final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer pending = ByteBuffer.allocate(0);
        long user = -1;

        Conn(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            if (!pending.hasRemaining()) channel.write(out);
            if (!out.hasRemaining()) return;
            if (pending.remaining() + out.remaining() > MAX_PENDING) throw new IOException("client too slow");
            ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + out.remaining());
            joined.put(pending).put(out).flip();
            pending = joined;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        void flush() throws IOException {
            channel.write(pending);
            if (!pending.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    public Integer call() throws IOException {
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("Echo target listening on http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
            while (!Thread.currentThread().isInterrupted()) { // interrupted: stops (a test runs it on a thread)
                selector.select();
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    if (key.isAcceptable()) {
                        for (SocketChannel c = server.accept(); c != null; c = server.accept()) {
                            c.configureBlocking(false);
                            c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                            SelectionKey k = c.register(selector, SelectionKey.OP_READ);
                            k.attach(new Conn(c, k));
                        }
                        continue;
                    }
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (key.isWritable()) conn.flush();
                        if (key.isReadable()) read(conn);
                    } catch (IOException | RuntimeException e) {
                        drop(conn);
                    }
                }
                keys.clear();
            }
            for (SelectionKey key : selector.keys()) key.channel().close();
            return 0;
        }
    }

    private void drop(Conn conn) {
        List<Conn> mine = sockets.get(conn.user);
        if (mine != null) mine.remove(conn);
        conn.key.cancel();
        try {
            conn.channel.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    private void read(Conn conn) throws IOException {
        if (!conn.in.hasRemaining()) {
            if (conn.in.capacity() >= 2 * WsCodec.roomFor(WsCodec.MAX_FRAME)) throw new IOException("too large");
            ByteBuffer bigger = ByteBuffer.allocate(conn.in.capacity() * 2);
            conn.in.flip();
            bigger.put(conn.in);
            conn.in = bigger;
        }
        if (conn.channel.read(conn.in) < 0) {
            drop(conn);
            return;
        }
        conn.in.flip();
        boolean more = true;
        while (more) more = conn.user < 0 ? http(conn) : frame(conn);
        conn.in.compact();
    }

    /** One HTTP request if it is all here: answered, or upgraded to a WebSocket. */
    private boolean http(Conn conn) throws IOException {
        ByteBuffer in = conn.in;
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) return false;
        String head = StandardCharsets.ISO_8859_1.decode(in.slice(in.position(), end - in.position())).toString();
        Map<String, String> headers = new HashMap<>();
        for (String line : head.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (in.limit() - end < length) return false;
        String body = StandardCharsets.UTF_8.decode(in.slice(end, length)).toString();
        in.position(end + length);
        String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        if (path.equals("/ws") && headers.containsKey("sec-websocket-key")) {
            upgrade(conn, headers);
            return true;
        }
        String json = switch (path) {
            case "/api/register", "/api/login" -> signIn(body);
            case "/api/contacts" -> "{\"status\":\"contacts\"}";
            default -> "{\"error\":{\"code\":\"not_found\",\"message\":\"echo target\"}}";
        };
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        String status = path.startsWith("/api/") ? "200 OK" : "404 Not Found";
        conn.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        conn.write(payload);
        return true;
    }

    private String signIn(String body) {
        JsonNode json = Json.parseObject(body);
        String username = json.path("username").asText();
        if (ids.size() >= MAX_USERS && !ids.containsKey(username)) return "{\"error\":{\"code\":\"too_many_requests\"}}";
        long id = ids.computeIfAbsent(username, u -> (long) ids.size() + 1);
        return "{\"user\":{\"id\":" + id + ",\"username\":\"" + username + "\",\"name\":\"" + username + "\"},\"token\":\"t" + id + "\"}";
    }

    private void upgrade(Conn conn, Map<String, String> headers) throws IOException {
        String auth = headers.getOrDefault("authorization", "");
        if (!auth.startsWith("Bearer t")) throw new IOException("no token");
        conn.user = Long.parseLong(auth.substring("Bearer t".length()));
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        conn.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        sockets.computeIfAbsent(conn.user, u -> new ArrayList<>()).add(conn);
        text(conn, "{\"type\":\"hello\",\"user\":{\"id\":" + conn.user + "},\"serverTime\":" + System.currentTimeMillis() + "}");
    }

    private static void text(Conn conn, String frame) throws IOException {
        conn.write(WsCodec.encode(WsCodec.TEXT, frame.getBytes(StandardCharsets.UTF_8), false));
    }

    /** One WebSocket frame if it is all here: a {@code send} is acked and passed on. */
    private boolean frame(Conn conn) throws IOException {
        WsCodec.Frame f = WsCodec.decode(conn.in);
        if (f == null) return false;
        if (f.opcode() == WsCodec.CLOSE) {
            drop(conn);
            return false;
        }
        if (f.opcode() == WsCodec.PING) conn.write(WsCodec.encode(WsCodec.PONG, f.payload(), false));
        if (f.opcode() != WsCodec.TEXT) return true;
        String frame = new String(f.payload(), StandardCharsets.UTF_8);
        if (!frame.startsWith("{\"type\":\"send\"")) return true;
        long to = FrameScan.number(frame, "\"to\":");
        String clientId = FrameScan.string(frame, "\"clientId\":\"", 0);
        int textAt = frame.indexOf("\"text\":\"");
        int textEnd = frame.indexOf("\",\"clientId\"", textAt);
        String text = textAt < 0 || textEnd < 0 ? "" : frame.substring(textAt + 8, textEnd);
        long seq = ++nextSeq;
        String message = "{\"id\":\"" + seq + "\",\"seq\":" + seq + ",\"from\":" + conn.user + ",\"to\":" + to + ",\"text\":\"" + text
                + "\",\"sentAt\":" + System.currentTimeMillis() + ",\"clientId\":\"" + clientId + "\"}";
        text(conn, "{\"type\":\"ack\",\"clientId\":\"" + clientId + "\",\"message\":" + message + "}");
        byte[] event = WsCodec.encode(WsCodec.TEXT, ("{\"type\":\"message\",\"message\":" + message + "}").getBytes(StandardCharsets.UTF_8), false);
        for (Conn peer : sockets.getOrDefault(to, List.of())) {
            try {
                peer.write(event);
            } catch (IOException e) {
                drop(peer);
            }
        }
        return true;
    }
}
