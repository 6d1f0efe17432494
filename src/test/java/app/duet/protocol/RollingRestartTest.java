package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.ChildServer;
import app.duet.testing.RedisProcess;
import app.duet.testing.TestPostgres;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful upgrades (docs/OPERATIONS.md, "Upgrades"): nodes stopped with SIGTERM and started again
 * with the same arguments, one at a time, while both users keep sending.
 *
 * <p>Many nodes: two nodes as child processes over the test JVM's embedded PostgreSQL and one real
 * Redis, each with {@code --drain-seconds}; Alice and Bob each have a socket on each node, and one
 * socket of each sends continuously, a clientId on every send. Node A is stopped (it drains:
 * {@code /readyz} 503 while it still serves; then it writes the sends it accepted and closes its
 * sockets with 1001) and started again, then node B. The clients do what the web client does:
 * when their socket closes they reconnect by themselves to a node whose {@code /readyz} is 200 (as
 * a load balancer sends them), catch up with {@code ?after=} from their last contiguous seq and
 * resend their unacknowledged sends by clientId; a refused send (an {@code error} frame) is marked
 * failed and waits for the user, as in the web client. One node: the same with one SQLite node.
 *
 * <p>Checked: every send stored exactly once and every acknowledged one as acknowledged, both
 * copies the same with seq gap-free, every socket saw every message (live or caught up), no send
 * refused, every client reconnected. The figures are printed ({@code MEASURE}).
 */
class RollingRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration START = Duration.ofSeconds(90);
    /** A conversation's pace per sending socket (20 a second), not a flood: 2 busy cores run two nodes here. */
    private static final long SEND_EVERY_MS = 50;
    private static final int MAX_SENDS = 4000;

    @TempDir
    Path data;

    private final List<ChildServer> children = new CopyOnWriteArrayList<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private RedisProcess redis;

    @AfterEach
    void stopAll() {
        clients.forEach(Client::stop);
        for (ChildServer c : children) { // shown only if the test failed (OutputOnFailure)
            System.out.println("---- node on port " + c.base().getPort() + " (" + (c.process().isAlive() ? "running" : "ended")
                    + "), last lines:");
            c.lastLines(40).forEach(System.out::println);
        }
        children.forEach(ChildServer::close);
        if (redis != null) redis.close();
        probe.close();
    }

    @Test
    @Timeout(400)
    void a_rolling_restart_of_two_nodes_loses_and_doubles_nothing_and_every_client_reconnects_by_itself() throws Exception {
        redis = RedisProcess.start();
        String db = TestPostgres.freshDatabaseUrl();
        List<ChildServer> started = startAll(
                () -> startNode("a", "--db", db, "--redis", redis.url(), "--drain-seconds", "2"),
                () -> startNode("b", "--db", db, "--redis", redis.url(), "--drain-seconds", "2"));
        Balancer balancer = new Balancer(started);
        ApiClient api = new ApiClient(started.getFirst().base());
        Session alice = api.newUser("Alice");
        Session bob = api.newUser("Bob");
        api.makeContacts(alice, bob);

        // Each user on each node; one socket of each sends, on different nodes.
        Client aliceOnA = client("alice-on-a", alice, bob.id(), balancer, 0);
        Client bobOnA = client("bob-on-a", bob, alice.id(), balancer, 0);
        Client aliceOnB = client("alice-on-b", alice, bob.id(), balancer, 1);
        Client bobOnB = client("bob-on-b", bob, alice.id(), balancer, 1);
        Senders senders = new Senders(List.of(aliceOnA, bobOnB));
        senders.awaitAcks(20);

        long rollStart = System.nanoTime();
        Restart a = restart(balancer, 0, true, List.of(aliceOnA, bobOnA));
        senders.awaitAcks(senders.acked() + 20);   // the conversation goes on before the next node
        Restart b = restart(balancer, 1, true, List.of(aliceOnB, bobOnB, aliceOnA, bobOnA));
        senders.awaitAcks(senders.acked() + 20);
        long rollEnd = System.nanoTime();
        senders.stop();

        Result r = checkEverything(balancer.any(), alice, bob, senders, clients);
        System.out.printf("MEASURE rolling restart: node A %s; node B %s; %d sends acknowledged during the roll (%d ms), "
                        + "%d in all, %d messages; sockets without a connection (ms, each): %s; resends after reconnecting: %d%n",
                a, b, senders.ackedBetween(rollStart, rollEnd), ms(rollEnd - rollStart), senders.acked(), r.last(),
                offlineFigures(), clients.stream().mapToInt(c -> c.resent.get()).sum());
    }

    @Test
    @Timeout(240)
    void a_single_node_restarted_gracefully_loses_nothing_and_its_clients_reconnect_by_themselves() throws Exception {
        ChildServer node = startNode("single");
        Balancer balancer = new Balancer(List.of(node));
        ApiClient api = new ApiClient(node.base());
        Session alice = api.newUser("Alice");
        Session bob = api.newUser("Bob");
        api.makeContacts(alice, bob);
        Client aliceSending = client("alice", alice, bob.id(), balancer, 0);
        Client bobListening = client("bob", bob, alice.id(), balancer, 0);
        Senders senders = new Senders(List.of(aliceSending));
        senders.awaitAcks(20);

        Restart restart = restart(balancer, 0, false, List.of(aliceSending, bobListening));
        senders.awaitAcks(senders.acked() + 20);
        senders.stop();

        Result r = checkEverything(balancer.any(), alice, bob, senders, clients);
        System.out.printf("MEASURE single node restart: %s; %d sends acknowledged, %d messages; sockets without a connection (ms, each): %s; "
                + "resends after reconnecting: %d%n", restart, senders.acked(), r.last(), offlineFigures(), aliceSending.resent.get());
    }

    // ------------------------------------------------------------------ the restart

    /** How one node's restart went, in ms from its SIGTERM. */
    private record Restart(long notReady, long socketsClosed, long exited, long listening, long ready, int exitCode) {
        @Override
        public String toString() {
            return String.format("SIGTERM to /readyz not ready %d ms, sockets closed (1001) %d ms, process ended %d ms (exit %d), "
                    + "started again and listening %d ms, /readyz 200 %d ms", notReady, socketsClosed, exited, exitCode, listening, ready);
        }
    }

    /**
     * SIGTERM to the node in {@code slot}, whose sockets are {@code onIt}: it must stop being ready
     * ({@code draining}: 503 while it still serves), close them with 1001 and end; then the same
     * command starts it again.
     */
    private Restart restart(Balancer balancer, int slot, boolean draining, List<Client> onIt) {
        ChildServer old = balancer.node(slot);
        Map<Client, Integer> closesBefore = new HashMap<>();
        for (Client c : onIt) closesBefore.put(c, c.closes.size());
        long t0 = System.nanoTime();
        old.process().destroy(); // SIGTERM
        // draining: 503 (without --drain-seconds, a single node just stops: no answer)
        await("/readyz not ready").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> readyz(old.base()) != 200);
        long notReady = System.nanoTime();
        if (draining) {
            assertThat(readyz(old.base())).as("/readyz while draining").isEqualTo(503);
            // still serving while it drains: the sockets it has are open
            assertThat(onIt).allSatisfy(c -> assertThat(c.socket.isClosed()).as("%s's socket closed", c.name).isFalse());
        }
        await("the node's sockets closed").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> onIt.stream().allMatch(c -> c.closes.size() > closesBefore.get(c)));
        long socketsClosed = System.nanoTime();
        for (Client c : onIt) assertThat(c.closes.get(closesBefore.get(c))).as("%s's close code", c.name).isEqualTo(1001);
        int exitCode = old.stop(WAIT);
        long exited = System.nanoTime();
        assertThat(exitCode).as("a clean stop").isIn(0, 143);
        ChildServer fresh = old.restart(START);
        children.add(fresh);
        long listening = System.nanoTime();
        await("/readyz 200 after the start").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> readyz(fresh.base()) == 200);
        long ready = System.nanoTime();
        balancer.replace(slot, fresh);
        return new Restart(ms(notReady - t0), ms(socketsClosed - t0), ms(exited - t0), ms(listening - t0), ms(ready - t0), exitCode);
    }

    // ------------------------------------------------------------------ the checks

    private record Result(long last) { }

    private static Result checkEverything(ChildServer node, Session alice, Session bob, Senders senders, List<Client> clients) {
        await("every send acknowledged or refused").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> clients.stream().allMatch(c -> c.unacked().isEmpty()));
        for (Client c : clients) assertThat(c.failed).as("%s: sends refused (a client would show them failed)", c.name).isEmpty();

        try (ApiClient api = new ApiClient(node.base())) {
            List<JsonNode> history = api.fullHistory(alice, bob.id());
            assertThat(api.fullHistory(bob, alice.id())).as("Bob's copy is Alice's").isEqualTo(history);
            long last = history.isEmpty() ? 0 : history.getLast().path("seq").asLong();
            assertThat(history.stream().map(m -> m.path("seq").asLong()).toList()).as("seq gap-free").isEqualTo(ProtocolTestBase.range(1, last));

            // every send stored exactly once, every acknowledged one exactly as acknowledged
            Map<String, Integer> copies = new HashMap<>();
            for (JsonNode m : history) copies.merge(m.path("text").asText(), 1, Integer::sum);
            assertThat(copies.keySet()).as("the sends stored").isEqualTo(senders.texts());
            assertThat(copies).allSatisfy((text, n) -> assertThat(n).as("copies of '%s'", text).isEqualTo(1));
            for (Client c : clients) {
                for (JsonNode m : c.acked.values()) {
                    assertThat(history.get((int) m.path("seq").asLong() - 1)).as("%s's acknowledged %s", c.name, m).isEqualTo(m);
                }
            }

            // every socket saw every message, live or caught up; every client reconnected by itself
            Set<Long> all = new TreeSet<>(ProtocolTestBase.range(1, last));
            for (Client c : clients) {
                await(c.name + " has every message").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> assertThat(new TreeSet<>(c.seen.keySet())).as(c.name).containsAll(all));
                assertThat(c.reconnects.get()).as("%s reconnected", c.name).isGreaterThanOrEqualTo(1);
            }
            return new Result(last);
        }
    }

    private String offlineFigures() {
        List<String> each = new ArrayList<>();
        for (Client c : clients) each.add(c.name + " " + c.offlineMs);
        return String.join(", ", each);
    }

    // ------------------------------------------------------------------ nodes and the balancer

    private ChildServer startNode(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", data.resolve(name).toString(), "--bcrypt-cost", "4", "--send-rate", "0"));
        args.addAll(List.of(extra));
        ChildServer child = ChildServer.start(List.of("-Xmx256m"), START, args.toArray(String[]::new));
        children.add(child);
        return child;
    }

    /** Nodes at once (each is a JVM starting: seconds on a busy machine), on threads of their own. */
    @SafeVarargs
    private static List<ChildServer> startAll(java.util.concurrent.Callable<ChildServer>... starts) {
        try (ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory())) {
            List<java.util.concurrent.Future<ChildServer>> all = new ArrayList<>();
            for (var s : starts) all.add(starters.submit(s));
            List<ChildServer> nodes = new ArrayList<>();
            for (var f : all) nodes.add(f.get());
            return nodes;
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("the nodes did not start", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** {@code /readyz}'s status, or 0 if the node does not answer. */
    private int readyz(URI base) {
        try {
            return probe.send(HttpRequest.newBuilder(base.resolve("/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What a load balancer does with {@code /readyz}: new connections go to a node that answers 200. */
    private final class Balancer {
        private final AtomicReferenceArray<ChildServer> nodes;
        private final AtomicInteger next = new AtomicInteger();

        Balancer(List<ChildServer> nodes) {
            this.nodes = new AtomicReferenceArray<>(nodes.toArray(ChildServer[]::new));
        }

        ChildServer node(int slot) { return nodes.get(slot); }

        void replace(int slot, ChildServer fresh) { nodes.set(slot, fresh); }

        ChildServer any() { return nodes.get(0); }

        /** A ready node, or null if none is. */
        ChildServer pick() {
            int start = next.getAndIncrement();
            for (int i = 0; i < nodes.length(); i++) {
                ChildServer n = nodes.get(Math.floorMod(start + i, nodes.length()));
                if (readyz(n.base()) == 200) return n;
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ the clients

    private Client client(String name, Session session, long peer, Balancer balancer, int firstSlot) {
        Client c = new Client(name, session, peer, balancer);
        clients.add(c);
        c.open(balancer.node(firstSlot));
        return c;
    }

    /**
     * One socket's client, doing what the web client's {@code socket.js}, {@code outbox.js} and
     * {@code sync.js} do: keeps every seq it saw and its unacknowledged sends by clientId; when
     * the socket closes, reconnects (backing off, to a node the balancer picks), then catches up
     * with {@code ?after=} from its last contiguous seq and resends what is unacknowledged; a
     * {@code resync} catches up too. Reconnecting and catching up run on a thread of its own.
     */
    private static final class Client {
        final String name;
        final Session session;
        final long peer;
        final Balancer balancer;
        final Map<Long, JsonNode> seen = new ConcurrentHashMap<>();
        final Map<String, String> pending = new LinkedHashMap<>(); // clientId -> text, guarded by this
        final Map<String, JsonNode> acked = new ConcurrentHashMap<>(); // clientId -> the acknowledged message
        final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        final Map<String, String> failed = new ConcurrentHashMap<>(); // clientId -> error code
        final List<Integer> closes = new CopyOnWriteArrayList<>();
        final List<Long> offlineMs = new CopyOnWriteArrayList<>();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final ExecutorService worker;
        private volatile WsClient socket;
        private volatile ChildServer node;
        private volatile boolean stopped;

        Client(String name, Session session, long peer, Balancer balancer) {
            this.name = name;
            this.session = session;
            this.peer = peer;
            this.balancer = balancer;
            this.worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).name("client-" + name).factory());
        }

        ChildServer connectedTo() { return node; }

        /** Connects to {@code to} and waits for hello; the socket's close starts a reconnect. */
        void open(ChildServer to) {
            WsClient ws = WsClient.connectAlone(to.ws()).as(session).onFrame(this::onFrame).open();
            try {
                ws.hello();
            } catch (AssertionError | RuntimeException e) {
                ws.abort();
                throw new IllegalStateException(name + ": no hello from " + to.base(), e);
            }
            node = to;
            synchronized (this) {
                socket = ws; // before a sender's next look, and before the resend's snapshot
            }
            ws.whenClosed().thenAccept(closed -> {
                closes.add(closed.code());
                if (!stopped) worker.execute(() -> reconnect(System.nanoTime()));
            });
        }

        private void onFrame(WsClient.Frame f) {
            switch (String.valueOf(f.type())) {
                case "message" -> saw(f.json().path("message"));
                case "ack" -> {
                    JsonNode m = f.json().path("message");
                    String clientId = f.json().path("clientId").asText();
                    saw(m);
                    acked.put(clientId, m);
                    ackedAt.putIfAbsent(clientId, System.nanoTime());
                    synchronized (this) { pending.remove(clientId); }
                }
                case "error" -> {
                    String ref = f.json().path("ref").asText(null);
                    String code = f.json().path("code").asText();
                    synchronized (this) {
                        // the web client retries rate_limited by itself and shows the rest as failed
                        if (ref != null && !"rate_limited".equals(code) && pending.remove(ref) != null) failed.put(ref, code);
                    }
                }
                case "resync" -> worker.execute(this::catchUp);
                default -> { }
            }
        }

        private void saw(JsonNode message) { seen.put(message.path("seq").asLong(), message); }

        /** Sends a new message (a fresh clientId), or keeps it for the resend if the socket is down. */
        void send(String clientId, String text) {
            WsClient ws;
            synchronized (this) {
                pending.put(clientId, text);
                ws = socket;
            }
            try {
                if (!ws.isClosed()) ws.send(peer, text, clientId);
            } catch (IllegalStateException closedMeanwhile) {
                // stays pending: resent after the reconnect
            }
        }

        synchronized Map<String, String> unacked() { return new LinkedHashMap<>(pending); }

        private void reconnect(long closedAt) {
            long backoff = 100;
            long deadline = closedAt + WAIT.toNanos();
            while (!stopped) {
                ChildServer to = balancer.pick();
                if (to != null) {
                    try {
                        open(to);
                        break;
                    } catch (RuntimeException e) {
                        // the node went away between the check and the handshake: try again
                    }
                }
                if (System.nanoTime() > deadline) throw new AssertionError(name + " could not reconnect within " + WAIT);
                sleep(backoff);
                backoff = Math.min(2000, backoff * 2);
            }
            if (stopped) return;
            offlineMs.add(ms(System.nanoTime() - closedAt));
            reconnects.incrementAndGet();
            catchUp();
            Map<String, String> resend = unacked();
            WsClient ws = socket;
            resend.forEach((clientId, text) -> {
                try {
                    ws.send(peer, text, clientId);
                    resent.incrementAndGet();
                } catch (IllegalStateException closedMeanwhile) {
                    // the next reconnect resends it
                }
            });
        }

        /** {@code ?after=} from the last contiguous seq, a page at a time, as {@code sync.js} does. */
        private void catchUp() {
            ChildServer at = node;
            long after = lastContiguous();
            try (ApiClient api = new ApiClient(at.base())) {
                for (int page = 0; page < 1000; page++) {
                    JsonNode p = api.history(session, peer, "after=" + after + "&limit=200");
                    for (JsonNode m : p.path("messages")) {
                        saw(m);
                        after = m.path("seq").asLong();
                    }
                    if (!p.path("hasMore").asBoolean() || p.path("messages").isEmpty()) return;
                }
            } catch (RuntimeException | AssertionError e) {
                // the node went away meanwhile: the socket's close brings a reconnect, which catches up again
            }
        }

        long lastContiguous() {
            long s = 0;
            while (seen.containsKey(s + 1)) s++;
            return s;
        }

        void stop() {
            stopped = true;
            worker.shutdownNow();
            WsClient ws = socket;
            if (ws != null) ws.abort();
        }
    }

    /** Sending sockets, each sending a new message every {@value #SEND_EVERY_MS} ms, up to {@value #MAX_SENDS} in all. */
    private static final class Senders {
        private final List<Client> from;
        private final Set<String> texts = ConcurrentHashMap.newKeySet();
        private final AtomicLong sent = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("senders").factory());

        Senders(List<Client> from) {
            this.from = from;
            timer.scheduleWithFixedDelay(this::sendOne, 0, SEND_EVERY_MS, TimeUnit.MILLISECONDS);
        }

        private void sendOne() {
            long i = sent.getAndIncrement();
            if (i >= MAX_SENDS) return;
            for (Client c : from) {
                String text = c.name + " " + i;
                texts.add(text);
                c.send(c.name + "-" + i, text);
            }
        }

        int acked() { return from.stream().mapToInt(c -> c.acked.size()).sum(); }

        long ackedBetween(long fromNanos, long toNanos) {
            return from.stream().flatMap(c -> c.ackedAt.values().stream()).filter(t -> t >= fromNanos && t <= toNanos).count();
        }

        void awaitAcks(int n) {
            await("%d sends acknowledged".formatted(n)).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> acked() >= n);
        }

        Set<String> texts() { return Set.copyOf(texts); }

        void stop() throws InterruptedException {
            timer.shutdown();
            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).as("the senders stopped").isTrue();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long ms(long nanos) { return TimeUnit.NANOSECONDS.toMillis(nanos); }
}
