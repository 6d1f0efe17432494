package app.duet.bench;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the benchmark reads from one {@link WsClient} in lightweight mode: frames arrive with the
 * {@link System#nanoTime()} at which the JDK handed them over (before parsing), so a measured latency
 * is wire-to-wire as far as this client can see it; nothing is logged. A sender has at most one send
 * in flight: {@link #sendAndAwaitAck}.
 */
final class BenchSocket {
    /** Called, on the connection's receiving thread, for every {@code message} event. */
    interface MessageSink {
        void message(JsonNode message, long receivedNanos);
    }

    private record Pending(String clientId, CompletableFuture<Long> ackedAt) { }

    final Session user;
    private final CompletableFuture<Void> hello = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final Map<String, AtomicInteger> errors;
    private volatile MessageSink sink;
    private volatile WsClient client;

    private BenchSocket(Session user, Map<String, AtomicInteger> errors) {
        this.user = user;
        this.errors = errors;
    }

    /**
     * Connects and waits for {@code hello} (blocking: call it from a thread of its own); error
     * frames are counted by code into {@code errors}.
     */
    static BenchSocket open(URI wsUri, Session user, Map<String, AtomicInteger> errors) throws Exception {
        BenchSocket s = new BenchSocket(user, errors);
        s.client = WsClient.connect(wsUri).as(user).unlogged(s::onText).open();
        s.client.whenClosed().thenAccept(s::ended);
        try {
            s.hello.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.abort();
            throw e;
        }
        return s;
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
        try {
            client.sendText(frame);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TimeoutException t) throw t;
            throw e;
        }
        return acked.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void onText(String text, long at) {
        JsonNode frame;
        try {
            frame = ApiClient.JSON.readTree(text);
        } catch (Exception e) {
            count("client_parse_failure");
            return;
        }
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

    private void ended(WsClient.Closed how) {
        if (!closed.isDone()) {
            if (how.code() == -1) count("transport_error");
            else if (how.code() != 1000) count("closed_by_server_" + how.code());
        }
        Throwable why = how.error() != null ? how.error()
                : new IllegalStateException("closed by the server: " + how.code() + " " + how.reason());
        hello.completeExceptionally(why);
        Pending p = pending.getAndSet(null);
        if (p != null) p.ackedAt().completeExceptionally(why);
        closed.complete(null);
    }

    /** Starts a normal close; {@link #closed()} completes when the server has answered. */
    void close() {
        WsClient c = client;
        if (c != null) c.closeAsync();
    }

    CompletableFuture<Void> closed() { return closed; }

    void abort() {
        WsClient c = client;
        if (c != null) c.abort();
        closed.complete(null);
    }
}
