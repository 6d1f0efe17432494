package app.duet.protocol;

import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static app.duet.testing.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duet's extension to PROTOCOL.md's typing clause (README, "The API"): {@code {"type":"typing",
 * "to":id,"active":false}} says the sender stopped; the peer gets {@code {"type":"typing",
 * "from":id,"active":false}}. A start is the contract's frame, unchanged.
 */
class TypingStopTest extends ProtocolTestBase {

    private static void typing(WsClient from, long to, Boolean active) {
        ObjectNode f = JSON.createObjectNode().put("type", "typing").put("to", to);
        if (active != null) f.put("active", active);
        from.sendJson(f);
    }

    private static boolean isStop(JsonNode f) {
        return f.has("active") && !f.path("active").asBoolean(true);
    }

    @Test
    void a_stop_after_typing_reaches_the_peer_at_once_and_typing_again_shows_again() {
        Pair pair = twoContacts();
        WsClient alice = ws(pair.alice()), bob = ws(pair.bob());

        typing(alice, pair.bob().id(), null);
        JsonNode start = bob.await("typing");
        assertThat(start.path("from").asLong()).isEqualTo(pair.alice().id());
        assertThat(start.has("active")).as("a start is the contract's frame, unchanged").isFalse();

        // Within the one-second throttle window: a stop is not dropped.
        typing(alice, pair.bob().id(), false);
        JsonNode stop = bob.await("typing");
        assertThat(stop.path("from").asLong()).isEqualTo(pair.alice().id());
        assertThat(isStop(stop)).isTrue();

        // Typing again right after (the message was sent, a new one begun) shows again.
        typing(alice, pair.bob().id(), true);
        assertThat(isStop(bob.await("typing"))).isFalse();
    }

    @Test
    void a_stop_with_no_typing_before_it_is_not_forwarded() {
        Pair pair = twoContacts();
        WsClient alice = ws(pair.alice()), bob = ws(pair.bob());
        typing(alice, pair.bob().id(), false);
        typing(alice, pair.bob().id(), null);   // a barrier: frames of one sender arrive in order
        bob.await("typing");
        List<JsonNode> got = bob.frames("typing");
        assertThat(got).hasSize(1);
        assertThat(isStop(got.get(0))).isFalse();
    }

    @Test
    void active_that_is_not_a_boolean_is_a_bad_request_and_nothing_is_forwarded() {
        Pair pair = twoContacts();
        WsClient alice = ws(pair.alice()), bob = ws(pair.bob());
        alice.sendJson(JSON.createObjectNode().put("type", "typing").put("to", pair.bob().id()).put("active", "no"));
        assertThat(alice.await("error").path("code").asText()).isEqualTo("bad_request");
        typing(alice, pair.bob().id(), null);
        bob.await("typing");
        assertThat(bob.frames("typing")).hasSize(1);
    }

    @Test
    void a_stop_to_someone_who_is_not_a_contact_is_refused_like_typing() {
        Pair pair = twoContacts();
        WsClient alice = ws(pair.alice());
        var stranger = api.newUser();
        typing(alice, stranger.id(), null);
        assertThat(alice.await("error").path("code").asText()).isEqualTo("not_contact");
        typing(alice, stranger.id(), false);
        assertThat(alice.await("error").path("code").asText()).isEqualTo("not_contact");
        // A second stop is dropped before any check (one stop per start): the next frame
        // answered is this ping's pong, with no third error before it.
        typing(alice, stranger.id(), false);
        alice.sendJson(JSON.createObjectNode().put("type", "ping").put("ref", "after"));
        alice.await("pong");
        assertThat(alice.frames("error")).hasSize(2);
    }
}
