package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §4 seq ("1, 2, 3, ... with no gaps and no repeats, whichever user sent them") and §5
 * ("On every connection, a pair's message events arrive in seq order"), under concurrent load.
 */
class ConcurrentSendingTest extends ProtocolTestBase {
    private static final int EACH = 200;

    /** The seqs of the ack and message frames a connection received, in arrival order. */
    private static List<Long> deliveredSeqs(WsClient c) {
        List<Long> out = new ArrayList<>();
        for (WsClient.Frame f : c.frames()) {
            if ("ack".equals(f.type()) || "message".equals(f.type())) {
                out.add(f.json().path("message").path("seq").asLong());
            }
        }
        return out;
    }

    private static List<Long> messageSeqs(WsClient c) {
        return c.frames("message").stream().map(j -> j.path("message").path("seq").asLong()).toList();
    }

    private static List<Long> ackSeqs(WsClient c) {
        return c.frames("ack").stream().map(j -> j.path("message").path("seq").asLong()).toList();
    }

    private static void assertStrictlyIncreasing(List<Long> seqs, String what) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                throw new AssertionError(what + ": seq " + seqs.get(i) + " at position " + i + " came after "
                        + seqs.get(i - 1) + "; around it: "
                        + seqs.subList(Math.max(0, i - 5), Math.min(seqs.size(), i + 5)));
            }
        }
    }

    @Test
    @Timeout(60)
    void two_users_sending_200_messages_each_at_once_get_seq_1_to_400_in_order_on_every_connection() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        WsClient a1 = ws(a), a2 = ws(a), b1 = ws(b), b2 = ws(b);

        concurrently(2, i -> {
            if (i == 0) burst(a1, b.id(), "a");
            else burst(b1, a.id(), "b");
            return null;
        });

        Duration wait = Duration.ofSeconds(30);
        a1.awaitAll("ack", j -> true, EACH, wait);
        b1.awaitAll("ack", j -> true, EACH, wait);
        a1.awaitAll("message", j -> true, EACH, wait);
        b1.awaitAll("message", j -> true, EACH, wait);
        a2.awaitAll("message", j -> true, 2 * EACH, wait);
        b2.awaitAll("message", j -> true, 2 * EACH, wait);
        for (WsClient c : List.of(a1, a2, b1, b2)) c.barrier();

        // the chat boxes were announced before the first message on the connections that only listen
        for (WsClient c : List.of(a2, b2)) {
            List<String> types = c.frames().stream().map(WsClient.Frame::type).toList();
            assertThat(types.indexOf("chat")).as("%s", types.subList(0, Math.min(10, types.size())))
                    .isNotNegative().isLessThan(types.indexOf("message"));
        }

        // the stored history: exactly 1..400 in both copies, every message once
        List<JsonNode> hist = api.fullHistory(a, b.id());
        assertThat(seqs(hist)).isEqualTo(range(1, 2 * EACH));
        assertThat(api.fullHistory(b, a.id())).isEqualTo(hist);
        Set<String> texts = new HashSet<>();
        for (JsonNode m : hist) texts.add(m.path("text").asText());
        assertThat(texts).hasSize(2 * EACH);
        assertThat(hist.stream().filter(m -> m.path("from").asLong() == a.id()).count()).isEqualTo(EACH);

        // acks: each clientId exactly once, to the sending connection only
        for (Map.Entry<WsClient, String> e : Map.of(a1, "a", b1, "b").entrySet()) {
            List<String> cids = e.getKey().frames("ack").stream().map(j -> j.path("clientId").asText()).toList();
            assertThat(cids).hasSize(EACH).doesNotHaveDuplicates().allMatch(c -> c.startsWith(e.getValue() + "-"));
        }
        assertThat(a2.frames("ack")).isEmpty();
        assertThat(b2.frames("ack")).isEmpty();

        // order on every connection: message events strictly increasing ...
        for (Map.Entry<String, WsClient> e : Map.of("a1", a1, "a2", a2, "b1", b1, "b2", b2).entrySet()) {
            assertStrictlyIncreasing(messageSeqs(e.getValue()), e.getKey() + " message events");
            assertStrictlyIncreasing(ackSeqs(e.getValue()), e.getKey() + " acks");
        }
        assertThat(messageSeqs(a2)).isEqualTo(range(1, 2 * EACH));
        assertThat(messageSeqs(b2)).isEqualTo(range(1, 2 * EACH));
        // ... and acks interleaved with message events strictly increasing too, covering 1..400 without a gap
        for (Map.Entry<String, WsClient> e : Map.of("a1", a1, "b1", b1).entrySet()) {
            List<Long> all = deliveredSeqs(e.getValue());
            assertStrictlyIncreasing(all, e.getKey() + " acks and message events together");
            assertThat(all).as(e.getKey()).isEqualTo(range(1, 2 * EACH));
        }
    }

    private static void burst(WsClient from, long to, String tag) {
        for (int i = 0; i < EACH; i++) from.send(to, tag + " says " + i, tag + "-" + i);
    }
}
