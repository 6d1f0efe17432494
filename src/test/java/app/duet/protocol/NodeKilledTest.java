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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed mid-conversation (docs/ARCHITECTURE.md, "Many nodes"): two nodes as child processes
 * ({@code DuetCommand serve --db ... --redis ...}) over the test JVM's embedded PostgreSQL and one
 * real Redis. Alice has a socket on each node and sends from the one on node A while Bob, on node
 * B, keeps sending to her; node A is killed with SIGKILL. Alice's client on A then does what the
 * web client does: reconnects (to B, as a load balancer would send it), catches up with
 * {@code ?after=} from its last contiguous seq, and resends its unacknowledged sends by
 * {@code clientId}. Nothing acknowledged is lost or doubled, B keeps delivering throughout, and the
 * recovery time is printed ({@code MEASURE}).
 */
class NodeKilledTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ALICE_SENDS = 100;
    private static final int KILL_AT_ACK = 20;

    @TempDir
    Path data;

    private final List<ChildServer> children = new CopyOnWriteArrayList<>();
    private final List<WsClient> sockets = new CopyOnWriteArrayList<>();
    private RedisProcess redis;

    private ChildServer startNode(String db, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", data.resolve(name).toString(),
                "--db", db, "--redis", redis.url(), "--bcrypt-cost", "4", "--send-rate", "0"));
        args.addAll(List.of(extra));
        ChildServer child = ChildServer.start(List.of("-Xmx256m"), Duration.ofSeconds(60), args.toArray(String[]::new));
        children.add(child);
        return child;
    }

    /** Both nodes at once (each is a JVM starting: seconds on a busy machine), on threads of their own. */
    private List<ChildServer> startTwoNodes(String db, String... extra) {
        try (ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory())) {
            var a = starters.submit(() -> startNode(db, "a", extra));
            var b = starters.submit(() -> startNode(db, "b", extra));
            return List.of(a.get(), b.get());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("the nodes did not start", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    @AfterEach
    void stopAll() {
        sockets.forEach(WsClient::abort);
        for (ChildServer c : children) { // shown only if the test failed (OutputOnFailure)
            System.out.println("---- node on port " + c.base().getPort() + ", last lines:");
            c.lastLines(60).forEach(System.out::println);
        }
        children.forEach(ChildServer::close);
        if (redis != null) redis.close();
    }

    private WsClient ws(ChildServer node, Session s) {
        WsClient c = WsClient.connect(node.ws()).as(s).open();
        sockets.add(c);
        c.hello();
        return c;
    }

    /** What Alice's client knows: every seq it has seen (events, acks, history), and its unacknowledged sends. */
    private static final class ClientState {
        final Map<Long, JsonNode> seen = new ConcurrentHashMap<>();
        final Map<String, String> pending = new LinkedHashMap<>(); // clientId -> text, guarded by this
        final List<JsonNode> acked = new CopyOnWriteArrayList<>();

        void saw(JsonNode message) { seen.put(message.path("seq").asLong(), message); }

        synchronized void acked(JsonNode ack) {
            pending.remove(ack.path("clientId").asText());
            acked.add(ack.path("message"));
            saw(ack.path("message"));
        }

        synchronized Map<String, String> unacked() { return new LinkedHashMap<>(pending); }

        /** The last seq before the first hole: where the web client's {@code ?after=} starts. */
        long lastContiguous() {
            long s = 0;
            while (seen.containsKey(s + 1)) s++;
            return s;
        }
    }

    @Test
    @Timeout(180)
    void a_node_killed_mid_conversation_loses_and_doubles_nothing_acknowledged_and_its_clients_recover_on_the_other() throws Exception {
        redis = RedisProcess.start();
        String db = TestPostgres.freshDatabaseUrl();
        List<ChildServer> nodes = startTwoNodes(db);
        ChildServer doomed = nodes.get(0), survivor = nodes.get(1);
        ApiClient apiB = new ApiClient(survivor.base());
        Session alice = apiB.newUser("Alice");
        Session bob = apiB.newUser("Bob");
        apiB.makeContacts(alice, bob);

        WsClient aliceOnB = ws(survivor, alice);
        WsClient bobOnB = ws(survivor, bob);

        // Alice's client on the doomed node: records what it sees; SIGKILL to node A on her 20th ack
        ClientState client = new ClientState();
        AtomicLong killedAt = new AtomicLong();
        WsClient aliceOnA = WsClient.connectAlone(doomed.ws()).as(alice).onFrame(f -> {
            switch (String.valueOf(f.type())) {
                case "message" -> client.saw(f.json().path("message"));
                case "ack" -> {
                    client.acked(f.json());
                    if (client.acked.size() == KILL_AT_ACK && killedAt.compareAndSet(0, System.nanoTime())) {
                        doomed.process().destroyForcibly();
                    }
                }
                default -> { }
            }
        }).open();
        sockets.add(aliceOnA);
        aliceOnA.hello();

        // Bob, on the survivor, keeps sending to Alice, one after another, until told to stop
        AtomicBoolean bobStop = new AtomicBoolean();
        List<JsonNode> bobAcked = new CopyOnWriteArrayList<>();
        // On its own thread, not the common pool: a loop blocking the common pool's one worker (two
        // cores) stalls the JDK WebSocket client's new handshakes (seen: every one timed out).
        ExecutorService bobThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).name("bob").factory());
        CompletableFuture<Void> bobSending = CompletableFuture.runAsync(() -> {
            // a conversation's pace (50 a second), not a flood: on 2 busy cores a flood starves the nodes' own threads
            for (int i = 0; i < 3000 && !bobStop.get(); i++) {
                bobAcked.add(bobOnB.sendAndAwaitAck(alice.id(), "bob " + i));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, bobThread);
        waitUntil("Bob's first ack", () -> !bobAcked.isEmpty()); // the conversation is going before Alice sends

        for (int i = 0; i < ALICE_SENDS; i++) {
            String clientId = "alice-" + i;
            synchronized (client) { client.pending.put(clientId, "alice " + i); }
            try {
                aliceOnA.send(bob.id(), "alice " + i, clientId);
            } catch (IllegalStateException sendFailedAfterKill) {
                // the rest stay pending in the client, as in the web client's outbox
            }
        }
        Closed closed = new Closed(aliceOnA.whenClosed().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(doomed.process().waitFor(20, TimeUnit.SECONDS)).as("node A killed").isTrue();
        assertThat(killedAt.get()).as("killed mid-conversation, on Alice's 20th ack").isNotZero();
        long noticedAt = System.nanoTime();

        // the client reconnects to the survivor, catches up with ?after=, resends what was not acknowledged
        WsClient again = WsClient.connect(survivor.ws()).as(alice).onFrame(f -> {
            switch (String.valueOf(f.type())) {
                case "message" -> client.saw(f.json().path("message"));
                case "ack" -> client.acked(f.json());
                default -> { }
            }
        }).open();
        sockets.add(again);
        again.hello();
        long reconnectedAt = System.nanoTime();
        for (JsonNode m : historyAfter(apiB, alice, bob.id(), client.lastContiguous())) client.saw(m);
        Map<String, String> resend = client.unacked();
        resend.forEach((clientId, text) -> again.send(bob.id(), text, clientId));
        for (String clientId : resend.keySet()) again.await("ack", j -> clientId.equals(j.path("clientId").asText()), WAIT);
        long recoveredAt = System.nanoTime();

        // the survivor kept delivering: Bob's next message reaches both of Alice's sockets there live
        String bobNextText = "bob " + (bobAcked.size() + 1);
        waitUntil("Bob's send after the recovery acked", () -> bobAcked.stream().anyMatch(m -> m.path("text").asText().equals(bobNextText)));
        long nextSeq = bobAcked.stream().filter(m -> m.path("text").asText().equals(bobNextText)).findFirst().orElseThrow().path("seq").asLong();
        again.await("message", j -> j.path("message").path("seq").asLong() == nextSeq, WAIT);
        aliceOnB.await("message", j -> j.path("message").path("seq").asLong() == nextSeq, WAIT);
        bobStop.set(true);
        bobSending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        bobThread.shutdown();

        System.out.printf("MEASURE node killed: client saw the close %d ms after SIGKILL (%s); reconnected to the other node +%d ms; "
                        + "caught up and %d unacknowledged sends resent and acked +%d ms; kill to recovered %d ms (%d of %d of Alice's sends acked before the kill)%n",
                ms(noticedAt - killedAt.get()), closed, ms(reconnectedAt - noticedAt), resend.size(), ms(recoveredAt - reconnectedAt),
                ms(recoveredAt - killedAt.get()), ALICE_SENDS - resend.size(), ALICE_SENDS);

        // The record: seq 1..last with no hole, each of Alice's sends exactly once, every ack as acknowledged.
        List<JsonNode> history = apiB.fullHistory(alice, bob.id());
        long last = history.getLast().path("seq").asLong();
        assertThat(history.stream().map(m -> m.path("seq").asLong()).toList()).isEqualTo(ProtocolTestBase.range(1, last));
        Map<String, Integer> copies = new HashMap<>();
        for (JsonNode m : history) {
            String text = m.path("text").asText();
            if (text.startsWith("alice ")) copies.merge(text, 1, Integer::sum);
        }
        assertThat(copies).as("each of Alice's sends stored once").hasSize(ALICE_SENDS).allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
        for (JsonNode m : client.acked) assertThat(history.get((int) m.path("seq").asLong() - 1)).isEqualTo(m);
        for (JsonNode m : bobAcked) assertThat(history.get((int) m.path("seq").asLong() - 1)).isEqualTo(m);
        assertThat(apiB.fullHistory(bob, alice.id())).as("Bob's copy").isEqualTo(history);

        // Alice's client has it all, once each (it keys by seq, as the web client does)
        assertThat(new TreeSet<>(client.seen.keySet()).headSet(nextSeq, true)).isEqualTo(new TreeSet<>(ProtocolTestBase.range(1, nextSeq)));
        // and her socket on the survivor never saw seq go backwards
        List<Long> onB = aliceOnB.frames("message").stream().map(j -> j.path("message").path("seq").asLong()).toList();
        for (int i = 1; i < onB.size(); i++) assertThat(onB.get(i)).as("seq after %s", onB.get(i - 1)).isGreaterThan(onB.get(i - 1));
    }

    private record Closed(WsClient.Closed how) {
        @Override
        public String toString() { return "close " + how.code() + (how.error() != null ? " " + how.error().getClass().getSimpleName() : ""); }
    }

    /** {@code ?after=} paging, as the web client catches up. */
    private static List<JsonNode> historyAfter(ApiClient api, Session s, long peer, long after) {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode page = api.history(s, peer, "after=" + after + "&limit=200");
            for (JsonNode m : page.path("messages")) {
                all.add(m);
                after = m.path("seq").asLong();
            }
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) return all;
        }
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + WAIT + ": " + what);
            Thread.sleep(5);
        }
    }

    private static long ms(long nanos) { return TimeUnit.NANOSECONDS.toMillis(nanos); }
}
