package app.duet.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One benchmark WebSocket on {@code /ws}. Frames are timestamped with {@link System#nanoTime()}
 * the moment the JDK hands them over (before parsing), so a measured latency is wire-to-wire
 * as far as this client can see it. A sender has at most one send in flight: {@link #sendAndAwaitAck}.
 */
final class WsConn implements WebSocket.Listener {
    /** Called, on the connection's listener thread, for every {@code message} event. */
    interface MessageSink {
        void message(JsonNode message, long receivedNanos);
    }

    private record Pending(String clientId, CompletableFuture<Long> ackedAt) { }

    final BenchApi.User user;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> hello = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final Map<String, AtomicInteger> errors;
    private volatile MessageSink sink;
    private volatile WebSocket ws;

    private WsConn(BenchApi.User user, Map<String, AtomicInteger> errors) {
        this.user = user;
        this.errors = errors;
    }

    /** Connects and waits for {@code hello}; error frames are counted by code into {@code errors}. */
    static CompletableFuture<WsConn> open(HttpClient http, URI wsUri, BenchApi.User user, Map<String, AtomicInteger> errors) {
        WsConn c = new WsConn(user, errors);
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + user.token())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(wsUri, c)
                .thenCompose(ws -> {
                    c.ws = ws;
                    return c.hello;
                })
                .orTimeout(30, TimeUnit.SECONDS)
                .thenApply(v -> c);
    }

    static Map<String, AtomicInteger> newErrorCounts() {
        return new ConcurrentHashMap<>();
    }

    void onMessages(MessageSink sink) {
        this.sink = sink;
    }

    /**
     * Sends one frame and waits for the {@code ack} carrying {@code clientId}.
     *
     * @return the nanoTime at which the ack arrived
     */
    long sendAndAwaitAck(String frame, String clientId, long timeoutMillis) throws Exception {
        CompletableFuture<Long> acked = new CompletableFuture<>();
        pending.set(new Pending(clientId, acked));
        ws.sendText(frame, true).get(timeoutMillis, TimeUnit.MILLISECONDS);
        return acked.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long at = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(BenchApi.JSON.readTree(text), at);
            } catch (Exception e) {
                count("client_parse_failure");
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(JsonNode frame, long at) {
        switch (frame.path("type").asText()) {
            case "hello" -> hello.complete(null);
            case "ack" -> {
                Pending p = pending.get();
                if (p != null && p.clientId().equals(frame.path("clientId").asText(null)) && pending.compareAndSet(p, null)) {
                    p.ackedAt().complete(at);
                } else {
                    count("unexpected_ack");
                }
            }
            case "message" -> {
                MessageSink s = sink;
                if (s != null) s.message(frame.path("message"), at);
            }
            case "error" -> {
                String code = frame.path("code").asText("?");
                count(code);
                Pending p = pending.get();
                if (p != null && p.clientId().equals(frame.path("ref").asText(null)) && pending.compareAndSet(p, null)) {
                    p.ackedAt().completeExceptionally(new IllegalStateException("server refused the send: " + code));
                }
            }
            default -> { } // chat, presence, typing, read...: not measured
        }
    }

    private void count(String what) {
        errors.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closed.isDone() && statusCode != WebSocket.NORMAL_CLOSURE) count("closed_by_server_" + statusCode);
        ended(new IllegalStateException("closed by the server: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        count("transport_error");
        ended(error);
    }

    private void ended(Throwable why) {
        hello.completeExceptionally(why);
        Pending p = pending.getAndSet(null);
        if (p != null) p.ackedAt().completeExceptionally(why);
        closed.complete(null);
    }

    /** Starts a normal close; {@link #closed()} completes when the server has answered. */
    void close() {
        WebSocket w = ws;
        if (w == null) return;
        w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((r, e) -> {
            if (e != null) w.abort();
        });
    }

    CompletableFuture<Void> closed() { return closed; }

    void abort() {
        WebSocket w = ws;
        if (w != null) w.abort();
        closed.complete(null);
    }
}
