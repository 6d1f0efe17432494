package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RedisProcess;
import app.duet.testing.TestPostgres;
import app.duet.testing.TestServer;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Duet nodes in this JVM behind one real Redis (docs/ARCHITECTURE.md, "Many nodes"): what one
 * node publishes reaches the sockets on the other, in each pair's seq order; presence, typing and
 * logout cross nodes; and a Redis restart heals by itself, with {@code resync} to online sockets.
 *
 * <p>Both nodes share one database of the test JVM's embedded PostgreSQL ({@link TestPostgres}), as
 * many nodes are deployed: each node has its own pool and group committer on the same tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class TwoNodesOverRedisTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisProcess redis;
    private TestServer node1, node2;
    private ApiClient api1, api2;
    private final List<WsClient> sockets = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        redis = RedisProcess.start();
        String db = TestPostgres.freshDatabaseUrl();
        node1 = TestServer.start(b -> b.databaseUrl(db).redisUrl(redis.url()));
        node2 = TestServer.start(b -> b.databaseUrl(db).redisUrl(redis.url()));
        api1 = new ApiClient(node1.baseUri());
        api2 = new ApiClient(node2.baseUri());
    }

    @AfterAll
    void stop() {
        if (node2 != null) node2.close();
        if (node1 != null) node1.close();
        if (redis != null) redis.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WsClient::abort);
        sockets.clear();
    }

    private WsClient ws(TestServer node, Session s) {
        WsClient c = WsClient.connect(node.wsUri()).as(s).open();
        sockets.add(c);
        c.hello();
        return c;
    }

    private record Pair(Session alice, Session bob) { }

    private Pair twoContacts() {
        Session alice = api1.newUser();
        Session bob = api2.newUser();
        api1.makeContacts(alice, bob);
        return new Pair(alice, bob);
    }

    private static List<Long> messageSeqs(WsClient c) {
        return c.frames("message").stream().map(j -> j.path("message").path("seq").asLong()).toList();
    }

    @Test
    @Order(1)
    void a_message_sent_on_node_1_reaches_the_recipient_and_the_senders_other_socket_on_node_2() {
        Pair p = twoContacts();
        WsClient alice1 = ws(node1, p.alice()), alice2 = ws(node2, p.alice()), bob2 = ws(node2, p.bob());

        JsonNode acked = alice1.sendAndAwaitAck(p.bob().id(), "hello across nodes");

        JsonNode atBob = bob2.await("message", j -> true, WAIT).path("message");
        JsonNode atAlice2 = alice2.await("message", j -> true, WAIT).path("message");
        assertThat(atBob.path("text").asText()).isEqualTo("hello across nodes");
        assertThat(atBob.path("seq").asLong()).isEqualTo(acked.path("seq").asLong());
        assertThat(atAlice2).isEqualTo(atBob);
        alice1.barrier();
        assertThat(alice1.frames("message")).as("the sending socket gets the ack, not the event").isEmpty();

        // the receiving node measured how long the event took over the bus (docs/OPERATIONS.md, the meters)
        java.util.regex.Matcher count = java.util.regex.Pattern.compile("(?m)^duet_bus_lag_seconds_count (\\S+)$")
                .matcher(api2.get("/metrics").send().text());
        assertThat(count.find()).as("duet_bus_lag_seconds_count on node 2").isTrue();
        assertThat(Double.parseDouble(count.group(1))).as("events timed on arrival from node 1").isGreaterThan(0);
    }

    @Test
    @Order(2)
    void concurrent_sends_from_both_users_on_different_nodes_arrive_in_seq_order_on_every_socket() {
        int each = 100;
        Pair p = twoContacts();
        WsClient alice1 = ws(node1, p.alice()), bob2 = ws(node2, p.bob());
        WsClient alice2 = ws(node2, p.alice()), bob1 = ws(node1, p.bob()); // listeners, one per node

        ProtocolTestBase.concurrently(2, i -> {
            WsClient from = i == 0 ? alice1 : bob2;
            long to = i == 0 ? p.bob().id() : p.alice().id();
            for (int k = 0; k < each; k++) from.send(to, (i == 0 ? "a" : "b") + k, (i == 0 ? "a-" : "b-") + k);
            return null;
        });

        Duration wait = Duration.ofSeconds(30);
        alice1.awaitAll("ack", j -> true, each, wait);
        bob2.awaitAll("ack", j -> true, each, wait);
        long last = 2L * each;
        for (WsClient c : List.of(alice2, bob1)) c.await("message", j -> j.path("message").path("seq").asLong() == last, wait);
        alice1.await("message", j -> j.path("message").path("clientId").asText().equals("b-" + (each - 1)), wait);
        bob2.await("message", j -> j.path("message").path("clientId").asText().equals("a-" + (each - 1)), wait);

        for (Map.Entry<String, WsClient> e : Map.of("alice on node 1", alice1, "bob on node 2", bob2,
                "alice on node 2", alice2, "bob on node 1", bob1).entrySet()) {
            List<Long> seqs = messageSeqs(e.getValue());
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("%s: seq after %s in %s", e.getKey(), seqs.get(i - 1), seqs).isGreaterThan(seqs.get(i - 1));
            }
        }
        // Every message live, unless a gap outlived the order window (a loaded machine): then the
        // socket was told to resync, and storage has them all.
        for (WsClient listener : List.of(alice2, bob1)) {
            if (listener.frames("resync").isEmpty()) {
                assertThat(messageSeqs(listener)).isEqualTo(ProtocolTestBase.range(1, last));
            } else {
                System.out.printf("a gap outlived the order window: %d of %d live, then resync%n", messageSeqs(listener).size(), last);
            }
        }
        assertThat(api1.fullHistory(p.alice(), p.bob().id())).hasSize((int) last);
    }

    @Test
    @Order(3)
    void presence_and_typing_cross_nodes_and_a_user_is_online_until_their_last_socket_anywhere_closes() {
        Pair p = twoContacts();
        WsClient alice1 = ws(node1, p.alice());

        WsClient bob2 = ws(node2, p.bob());
        alice1.await("presence", j -> j.path("user").asLong() == p.bob().id() && j.path("online").asBoolean(), WAIT);
        assertThat(api1.contacts(p.alice()).get(0).path("online").asBoolean()).as("bob online, seen from node 1").isTrue();

        WsClient bob1 = ws(node1, p.bob());
        bob2.sendJson(Map.of("type", "typing", "to", p.alice().id()));
        alice1.await("typing", j -> j.path("from").asLong() == p.bob().id(), WAIT);

        bob2.close();
        alice1.barrier();
        bob1.barrier();
        assertThat(api1.contacts(p.alice()).get(0).path("online").asBoolean()).as("bob still has a socket on node 1").isTrue();
        assertThat(alice1.find("presence", j -> !j.path("online").asBoolean())).as("no offline while a socket is open").isEmpty();

        bob1.close();
        alice1.await("presence", j -> j.path("user").asLong() == p.bob().id() && !j.path("online").asBoolean(), WAIT);
        assertThat(api2.contacts(p.alice()).get(0).path("online").asBoolean()).isFalse();
        assertThat(alice1.frames("presence").stream().filter(j -> j.path("online").asBoolean()).count())
                .as("online told once though bob came on two nodes").isEqualTo(1);
    }

    @Test
    @Order(4)
    void logout_on_node_1_closes_the_sessions_socket_on_node_2_with_4401() {
        Session alice = api1.newUser();
        WsClient onNode2 = ws(node2, alice);

        api1.logout(alice).expect(204);

        assertThat(onNode2.awaitClose(WAIT).code()).isEqualTo(4401);
    }

    @Test
    @Order(5)
    void after_redis_restarts_delivery_comes_back_by_itself_and_online_sockets_get_resync_then_history() {
        Pair p = twoContacts();
        WsClient alice1 = ws(node1, p.alice()), bob2 = ws(node2, p.bob());
        alice1.sendAndAwaitAck(p.bob().id(), "before");
        bob2.await("message", j -> j.path("message").path("text").asText().equals("before"), WAIT);

        redis.stop();
        JsonNode during = api1.send(p.alice(), p.bob().id(), "while redis is away"); // stored: the database is the record
        redis.startAgain();
        long restarted = System.nanoTime();

        bob2.await("resync", j -> true, Duration.ofSeconds(20));
        List<JsonNode> caughtUp = api2.fullHistory(p.bob(), p.alice().id());
        assertThat(caughtUp).extracting(m -> m.path("text").asText()).contains("while redis is away");
        assertThat(caughtUp.getLast().path("seq").asLong()).isEqualTo(during.path("seq").asLong());

        // and live delivery is back, both ways (the publisher may need a moment to reconnect)
        // Measured (for the notes, not asserted): from Redis listening again to the first message
        // crossing nodes live, sending again each second as a user would until one gets through.
        WsClient.Frame first = null;
        for (int attempt = 0; first == null; attempt++) {
            alice1.sendAndAwaitAck(p.bob().id(), "after " + attempt);
            try {
                first = bob2.awaitFrame("message", j -> j.path("message").path("text").asText().startsWith("after "),
                        Duration.ofSeconds(attempt < 20 ? 1 : 20));
            } catch (AssertionError notYet) {
                if (attempt >= 20) throw notYet;
            }
        }
        long resumedMs = (first.receivedNanos() - restarted) / 1_000_000;
        long resyncMs = (bob2.frames().stream().filter(f -> "resync".equals(f.type())).findFirst().orElseThrow().receivedNanos() - restarted) / 1_000_000;
        System.out.printf("MEASURE redis restart: resync on node 2 after %d ms, first message across nodes after %d ms (from redis-server listening again)%n", resyncMs, resumedMs);
        bob2.sendAndAwaitAck(p.alice().id(), "back");
        alice1.await("message", j -> j.path("message").path("text").asText().equals("back"), Duration.ofSeconds(20));
    }
}
