package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that never reads must not hold up anybody else, and is eventually disconnected
 * (a bounded outbound queue per connection, {@code outboundQueueFrames}).
 */
class SlowClientTest extends ProtocolTestBase {
    private static final String BIG = "\uD83D\uDE00".repeat(4000); // 4000 code points, 16000 UTF-8 bytes
    private static final int MAX_BIG = 1500;                      // ~24 MB: more than any socket buffers
    private static final Duration PROMPT = Duration.ofSeconds(2);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.outboundQueueFrames(16);
    }

    @Test
    @Timeout(60)
    void a_client_that_never_reads_is_disconnected_and_holds_up_nobody() {
        Session a = api.newUser(), b = api.newUser(), slow = api.newUser();
        api.makeContacts(a, b);
        api.makeContacts(a, slow);
        WsClient a1 = ws(a);
        WsClient b1 = ws(b);
        WsClient s1 = track(connector().as(slow).paused().open()); // never reads, not even hello
        a1.await("presence", j -> j.path("user").asLong() == slow.id() && j.path("online").asBoolean());

        // a keeps chatting: big messages to the slow user, small ones to b, and times b's deliveries
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latenciesMs = new ArrayList<>();
        int bigSent = 0;
        int smallSent = 0;
        boolean slowGone = false;
        long t0 = System.nanoTime();
        for (int i = 0; i < MAX_BIG && !slowGone; i++) {
            a1.send(slow.id(), BIG, "big-" + i);
            bigSent++;
            if (i % 10 == 0) {
                String cid = "small-" + i;
                sentAt.put(cid, System.nanoTime());
                a1.send(b.id(), "ping to b " + i, cid);
                smallSent++;
                // b gets it promptly however far behind the slow client is
                JsonNode m = b1.await("message", j -> cid.equals(j.path("message").path("clientId").asText()), PROMPT);
                latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get(cid)));
                // and a's own acks keep coming: at most 40 big sends outstanding
                if (i >= 40) {
                    String older = "big-" + (i - 40);
                    a1.await("ack", j -> older.equals(j.path("clientId").asText()), PROMPT);
                }
                slowGone = a1.find("presence", j -> j.path("user").asLong() == slow.id()
                        && !j.path("online").asBoolean()).isPresent();
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(latenciesMs).as("b's delivery latencies in ms").allSatisfy(l -> assertThat(l).isLessThan(PROMPT.toMillis()));

        // the slow client must have been disconnected: a sees it go offline ...
        a1.await("presence", j -> j.path("user").asLong() == slow.id() && !j.path("online").asBoolean(),
                Duration.ofSeconds(10));
        // ... and once it reads again it finds the connection closed, having missed messages
        s1.resumeReading();
        String closed = awaitDisconnected(s1);
        int delivered = s1.frames("message").size();
        assertThat(delivered).as("messages the slow client got of %d (closed: %s)", bigSent, closed).isLessThan(bigSent);

        // every big message was still stored for the slow user, to fetch after reconnecting
        String last = "big-" + (bigSent - 1);
        a1.await("ack", j -> last.equals(j.path("clientId").asText()), Duration.ofSeconds(10));
        assertThat(api.fullHistory(slow, a.id())).hasSize(bigSent);
        System.out.printf("slow client: %d big + %d small sends in %d ms, b max latency %d ms, slow got %d, closed %s%n",
                bigSent, smallSent, elapsedMs, latenciesMs.stream().mapToLong(Long::longValue).max().orElse(0),
                delivered, closed);
    }

    @Test
    @Timeout(60)
    void a_stuck_device_does_not_hold_up_the_same_users_other_device() {
        Session a = api.newUser(), b = api.newUser();
        api.makeContacts(a, b);
        WsClient a1 = ws(a);
        WsClient fast = ws(b);
        WsClient stuck = track(connector().as(b).paused().open());
        int total = 600; // ~9.6 MB: far more than socket buffers and the 16-frame queue hold
        long worstMs = 0;
        for (int i = 0; i < total; i++) {
            String cid = "to-b-" + i;
            long t = System.nanoTime();
            a1.send(b.id(), BIG, cid);
            if (i % 20 == 0) {
                fast.await("message", j -> cid.equals(j.path("message").path("clientId").asText()), PROMPT);
                worstMs = Math.max(worstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fast.frames("message").size() == total);
        assertThat(worstMs).isLessThan(PROMPT.toMillis());

        stuck.resumeReading();
        String closed = awaitDisconnected(stuck);
        assertThat(stuck.frames("message").size()).as("the stuck device was cut off (%s)", closed).isLessThan(total);
        fast.barrier();
        assertThat(fast.isClosed()).isFalse();
    }

    /**
     * Reads what the server had sent and expects the connection to be gone. The JDK client does not
     * always report an abrupt end of stream (it may even throw InternalError inside), so when no close
     * comes it probes with a ping: a connection that still answers it was not disconnected.
     */
    private static String awaitDisconnected(WsClient c) {
        try {
            return String.valueOf(c.awaitClose(Duration.ofSeconds(5)));
        } catch (AssertionError noCloseSeen) {
            String ref = "probe-" + System.nanoTime();
            try {
                c.sendJson(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("type", "ping").put("ref", ref));
            } catch (IllegalStateException sendFailed) {
                return "send failed: " + sendFailed.getCause();
            }
            try {
                c.await("pong", j -> ref.equals(j.path("ref").asText()), Duration.ofSeconds(5));
            } catch (AssertionError noPong) {
                return c.isClosed() ? String.valueOf(c.awaitClose(Duration.ZERO)) : "no answer to a ping";
            }
            throw new AssertionError("the connection still answers pings after the server should have dropped it");
        }
    }
}
