package app.duet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A black-box WebSocket client for {@code GET /ws}, built on {@link java.net.http.WebSocket}.
 *
 * <p>Every text frame the server sends is parsed as JSON and appended to a full, ordered
 * {@linkplain #frames() log}, so a test can assert ordering and absence after the fact.
 * {@link #await(String, Predicate, Duration)} returns the first frame of the log, in arrival order,
 * that matches and that no earlier {@code await} returned: frames that do not match are kept, not
 * thrown away, and may be awaited later in any order.
 *
 * <p>Connect with {@link #connect(URI)}: {@code WsClient.connect(uri).bearer(token).open()}. A refused
 * handshake throws {@link HandshakeRefused} carrying the HTTP status ({@link Connector#refusal()}
 * returns it directly). The close code and reason the server sent are kept ({@link #awaitClose}).
 *
 * <p>Slow-client mode: {@link Connector#paused()} or {@link #pauseReading()} stop requesting frames,
 * so the JDK stops reading the socket and the server's writes back up into TCP buffers.

 */
public final class WsClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** One received frame: its position in the log, its JSON (a MissingNode if not JSON), and when. */
    public record Frame(int index, JsonNode json, String raw, long receivedNanos) {
        public String type() { return json.path("type").asText(null); }

        @Override
        public String toString() { return index + ":" + (raw.length() > 300 ? raw.substring(0, 300) + "..." : raw); }
    }

    /** How the connection ended: the server's close code and reason, or code -1 and the error. */
    public record Closed(int code, String reason, Throwable error) { }

    /** The server answered the handshake with a non-101 status. */
    public static final class HandshakeRefused extends RuntimeException {
        public final int status;

        HandshakeRefused(int status) {
            super("WebSocket handshake refused with HTTP " + status);
            this.status = status;
        }
    }

    public static Connector connect(URI wsUri) { return new Connector(wsUri); }

    /**
     * Like {@link #connect}, on an HTTP client of its own instead of the shared one: for a
     * connection to a server the test kills, so that whatever the dead connection leaves behind in
     * the client cannot hold up the others.
     */
    public static Connector connectAlone(URI wsUri) {
        return new Connector(wsUri, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    /** Handshake options. */
    public static final class Connector {
        private final URI uri;
        private final WebSocket.Builder builder;
        private boolean paused;
        private Consumer<Frame> hook;

        private Connector(URI uri) {
            this(uri, SHARED_HTTP);
        }

        private Connector(URI uri, HttpClient http) {
            this.uri = uri;
            this.builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        }

        public Connector bearer(String token) {
            if (token != null) builder.header("Authorization", "Bearer " + token);
            return this;
        }

        public Connector as(ApiClient.Session s) { return bearer(s.token()); }

        /** {@code name=value}, as from {@link ApiClient.Response#cookiePair}. */
        public Connector cookie(String cookie) {
            if (cookie != null) builder.header("Cookie", cookie);
            return this;
        }

        public Connector origin(String origin) {
            if (origin != null) builder.header("Origin", origin);
            return this;
        }

        public Connector header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        /** Runs {@code hook} on the receiving thread for every frame, from the very first (hello). */
        public Connector onFrame(Consumer<Frame> hook) {
            this.hook = hook;
            return this;
        }

        /** Never request frames: the client does not read from the socket at all (slow client). */
        public Connector paused() {
            this.paused = true;
            return this;
        }

        /** Opens the connection; throws {@link HandshakeRefused} with the status if refused. */
        public WsClient open() {
            WsClient client = new WsClient(paused);
            if (hook != null) client.onFrame = hook;
            try {
                client.ws = builder.buildAsync(uri, client.listener).get(10, TimeUnit.SECONDS);
                return client;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                while (c != null && !(c instanceof WebSocketHandshakeException)) c = c.getCause();
                if (c instanceof WebSocketHandshakeException h) {
                    throw new HandshakeRefused(h.getResponse().statusCode());
                }
                throw new IllegalStateException("WebSocket connect failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("WebSocket connect timed out", e);
            }
        }

        /** Opens the connection expecting it to be refused; returns the HTTP status (0 if it opened). */
        public int refusal() {
            try {
                open().abort();
                return 0;
            } catch (HandshakeRefused e) {
                return e.status;
            }
        }
    }

    private static final HttpClient SHARED_HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Object lock = new Object();
    private final List<Frame> log = new ArrayList<>();
    private final Set<Integer> taken = new HashSet<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final Listener listener = new Listener();
    private volatile boolean paused;
    private volatile Consumer<Frame> onFrame = f -> { };
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private WebSocket ws;

    private WsClient(boolean paused) {
        this.paused = paused;
    }

    // ------------------------------------------------------------------ receiving

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (!paused) webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String raw = partial.toString();
                partial.setLength(0);
                JsonNode json;
                try {
                    json = ApiClient.JSON.readTree(raw);
                } catch (JsonProcessingException e) {
                    json = MissingNode.getInstance();
                }
                record(json, raw);
            }
            if (!paused) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            record(MissingNode.getInstance(), "<binary " + data.remaining() + " bytes>");
            if (!paused) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            if (!paused) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            if (!paused) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason, null));
            synchronized (lock) { lock.notifyAll(); }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, null, error));
            synchronized (lock) { lock.notifyAll(); }
        }
    }

    private void record(JsonNode json, String raw) {
        Frame f;
        synchronized (lock) {
            f = new Frame(log.size(), json, raw, System.nanoTime());
            log.add(f);
            lock.notifyAll();
        }
        onFrame.accept(f);
    }

    /** Runs {@code hook} on the receiving thread for every frame, right after it is logged. */
    public void onFrame(Consumer<Frame> hook) { this.onFrame = hook; }

    /** How many WebSocket-level ping frames the server sent (the JDK answers them with pongs). */
    public int pingsReceived() { return pings.get(); }

    /** Stops requesting frames; the frame already requested may still arrive. */
    public void pauseReading() { paused = true; }

    /** Starts reading again after {@link #pauseReading()} or {@link Connector#paused()}. */
    public void resumeReading() {
        paused = false;
        ws.request(1);
    }

    // ------------------------------------------------------------------ the log

    /** A snapshot of every frame received so far, in arrival order. */
    public List<Frame> frames() {
        synchronized (lock) { return List.copyOf(log); }
    }

    /** The JSON of every frame of {@code type} received so far, in arrival order. */
    public List<JsonNode> frames(String type) {
        return frames().stream().filter(f -> type.equals(f.type())).map(Frame::json).toList();
    }

    /** The current length of the log: pass it to {@link #since(int)} to see what came after. */
    public int mark() {
        synchronized (lock) { return log.size(); }
    }

    public List<Frame> since(int mark) {
        synchronized (lock) { return List.copyOf(log.subList(Math.min(mark, log.size()), log.size())); }
    }

    /**
     * The first frame, in arrival order, of {@code type} matching {@code p} that no earlier await
     * returned; waits up to {@code timeout}, then fails with the whole log in the message.
     */
    public JsonNode await(String type, Predicate<JsonNode> p, Duration timeout) {
        return awaitFrame(type, p, timeout).json();
    }

    public JsonNode await(String type, Predicate<JsonNode> p) { return await(type, p, DEFAULT_TIMEOUT); }

    public JsonNode await(String type) { return await(type, j -> true, DEFAULT_TIMEOUT); }

    public Frame awaitFrame(String type, Predicate<JsonNode> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Frame f : log) {
                    if (!taken.contains(f.index()) && type.equals(f.type()) && p.test(f.json())) {
                        taken.add(f.index());
                        return f;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + type + "' frame matching within " + timeout
                            + (closed.isDone() ? " (connection closed: " + closed.join() + ")" : "")
                            + "; received: " + describe(log));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Awaits {@code count} frames of {@code type} matching {@code p}, in arrival order. */
    public List<JsonNode> awaitAll(String type, Predicate<JsonNode> p, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            try {
                out.add(await(type, p, left));
            } catch (AssertionError e) {
                throw new AssertionError("got only " + i + " of " + count + " '" + type + "' frames: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Any frame of {@code type} matching {@code p} in the whole log, taken or not. */
    public Optional<JsonNode> find(String type, Predicate<JsonNode> p) {
        return frames().stream().filter(f -> type.equals(f.type()) && p.test(f.json()))
                .map(Frame::json).findFirst();
    }

    /** Waits for the greeting frame, which must be the first one. */
    public JsonNode hello() {
        JsonNode h = await("hello");
        Frame first = frames().get(0);
        if (!"hello".equals(first.type())) throw new AssertionError("first frame was not hello: " + first);
        return h;
    }

    /**
     * A round trip: sends a ping with a unique ref and waits for its pong. Every frame the server
     * queued to this connection before it handled the ping has then been received.
     */
    public void barrier() {
        String ref = "barrier-" + UUID.randomUUID();
        ObjectNode ping = ApiClient.JSON.createObjectNode().put("type", "ping").put("ref", ref);
        sendJson(ping);
        await("pong", j -> ref.equals(j.path("ref").asText()));
    }

    private static String describe(List<Frame> frames) {
        int from = Math.max(0, frames.size() - 40);
        return (from > 0 ? "[... " + from + " earlier] " : "")
                + frames.subList(from, frames.size()).stream().map(Frame::toString).collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ sending

    /** Sends {@code value} (a JsonNode, Map, record...) as JSON in one text frame. */
    public void sendJson(Object value) {
        try {
            sendText(ApiClient.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends one whole text frame and waits until it is written. */
    public synchronized void sendText(String text) {
        join(ws.sendText(text, true));
    }

    public synchronized void sendBinary(byte[] data) {
        join(ws.sendBinary(ByteBuffer.wrap(data), true));
    }

    /** Convenience: a {@code send} frame. {@code clientId} may be null. */
    public void send(long to, String text, String clientId) {
        ObjectNode f = ApiClient.JSON.createObjectNode().put("type", "send").put("to", to).put("text", text);
        if (clientId != null) f.put("clientId", clientId);
        sendJson(f);
    }

    /** Sends with a fresh clientId and waits for the ack; returns the acked {@code Message}. */
    public JsonNode sendAndAwaitAck(long to, String text) {
        String clientId = "c" + UUID.randomUUID().toString().replace("-", "");
        send(to, text, clientId);
        return await("ack", j -> clientId.equals(j.path("clientId").asText())).path("message");
    }

    private void join(CompletableFuture<WebSocket> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("send timed out", e);
        }
    }

    // ------------------------------------------------------------------ closing

    public boolean isClosed() { return closed.isDone(); }

    /** Completes when the connection has ended: the server's close, or an error (code -1). */
    public CompletableFuture<Closed> whenClosed() { return closed.copy(); }

    /**
     * Starts a polite close (1000) without waiting for anything; the result completes when the
     * connection has ended. {@link #close()} waits instead, and aborts what did not end.
     */
    public CompletableFuture<Closed> closeAsync() {
        if (!closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((w, e) -> {
                if (e != null) ws.abort();
            });
        }
        return closed.copy();
    }

    /** Waits for the server to close the connection (or for it to fail); fails on timeout. */
    public Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection still open after " + timeout + "; received: " + describe(frames()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() { ws.abort(); }

    /** Closes politely (1000) and waits briefly for the server's close; aborts if it does not come. */
    @Override
    public void close() {
        if (ws == null) return;
        if (!closed.isDone() && !paused) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // fall through to abort
            }
        }
        ws.abort();
    }
}
