package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4 and §5: sending faster than the configured rate gets rate_limited; nothing is stored. */
class RateLimitTest extends ProtocolTestBase {
    private static final int BURST = 3;

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.sendRatePerSecond(0.2).sendBurst(BURST);
    }

    @Test
    void http_sends_beyond_the_burst_get_429_rate_limited_and_store_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 1; i <= BURST; i++) api.send(alice, bob.id(), "ok " + i);
        assertError(api.sendRaw(alice, bob.id(), "too fast", null), 429, "rate_limited");
        assertError(api.sendRaw(alice, bob.id(), "too fast again", "cid-limited"), 429, "rate_limited");
        assertThat(seqs(api.fullHistory(bob, alice.id()))).containsExactly(1L, 2L, 3L);
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(BURST);
    }

    @Test
    void websocket_sends_beyond_the_burst_get_error_rate_limited_with_ref_and_store_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), b1 = ws(bob);
        for (int i = 1; i <= BURST + 2; i++) a1.send(bob.id(), "frame " + i, "rl-" + i);
        for (int i = 1; i <= BURST; i++) {
            String cid = "rl-" + i;
            a1.await("ack", j -> cid.equals(j.path("clientId").asText()));
        }
        for (int i = BURST + 1; i <= BURST + 2; i++) {
            String cid = "rl-" + i;
            JsonNode e = a1.await("error", j -> cid.equals(j.path("ref").asText()));
            assertThat(e.path("code").asText()).isEqualTo("rate_limited");
        }
        a1.barrier();
        assertThat(a1.isClosed()).isFalse();
        assertThat(seqs(api.fullHistory(alice, bob.id()))).containsExactly(1L, 2L, 3L);
        b1.awaitAll("message", j -> true, BURST, Duration.ofSeconds(5));
        b1.barrier();
        assertThat(b1.frames("message")).hasSize(BURST);
    }

    @Test
    void concurrent_sends_cannot_overrun_the_burst() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        List<Response> answers = concurrently(12, i -> api.sendRaw(alice, bob.id(), "race " + i, null));
        assertThat(answers.stream().filter(r -> r.status() == 201).count()).isEqualTo(BURST);
        assertThat(answers.stream().filter(r -> r.status() == 429).count()).isEqualTo(12 - BURST);
        assertThat(api.fullHistory(bob, alice.id())).hasSize(BURST);
    }

    @Test
    void the_rate_applies_per_user() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 1; i <= BURST; i++) api.send(alice, bob.id(), "a " + i);
        assertError(api.sendRaw(alice, bob.id(), "a again", null), 429, "rate_limited");
        for (int i = 1; i <= BURST; i++) api.send(bob, alice.id(), "b " + i);
    }

    @Test
    void the_limit_is_shared_by_http_and_websocket() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        for (int i = 1; i <= BURST; i++) api.send(alice, bob.id(), "http " + i);
        a1.send(bob.id(), "socket", "shared-1");
        assertThat(a1.await("error").path("code").asText()).isEqualTo("rate_limited");
        assertThat(api.fullHistory(bob, alice.id())).hasSize(BURST);
    }
}
