package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Extension {@code PATCH /api/chats/{peerId}}: pinned, muted, marked unread, per box, on every device of the owner. */
class ChatSettingsTest extends ProtocolTestBase {

    private Response patch(Session s, long peer, Object body) {
        return api.request("PATCH", "/api/chats/" + peer).as(s).json(body).send();
    }

    private JsonNode chatWith(Session owner, long peer) {
        for (JsonNode c : api.get("/api/chats").as(owner).send().expect(200).json()) {
            if (c.path("peer").path("id").asLong() == peer) return c;
        }
        throw new AssertionError("no chat with " + peer);
    }

    @Test
    void a_new_chat_is_not_pinned_muted_or_marked_unread() {
        Pair pair = twoContacts();
        api.send(pair.alice(), pair.bob().id(), "hi");
        JsonNode chat = chatWith(pair.bob(), pair.alice().id());
        assertThat(chat.path("pinned").asBoolean(true)).isFalse();
        assertThat(chat.path("muted").asBoolean(true)).isFalse();
        assertThat(chat.path("markedUnread").asBoolean(true)).isFalse();
    }

    @Test
    void settings_change_one_at_a_time_reach_every_device_of_the_owner_and_stay_after_a_reload() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(bob, alice.id(), "hi");
        WsClient a1 = ws(alice), a2 = ws(alice), b = ws(bob);
        int bobMark = b.mark();

        JsonNode answer = patch(alice, bob.id(), Map.of("pinned", true)).expect(200).json();
        assertThat(answer.path("pinned").asBoolean()).isTrue();
        assertThat(answer.path("peer").path("id").asLong()).isEqualTo(bob.id());
        assertThat(answer.path("lastMessage").path("text").asText()).isEqualTo("hi");
        for (WsClient c : List.of(a1, a2)) {
            JsonNode chat = c.await("chat", f -> f.path("chat").path("pinned").asBoolean()).path("chat");
            assertThat(chat.path("muted").asBoolean()).isFalse();
        }
        patch(alice, bob.id(), Map.of("muted", true, "markedUnread", true)).expect(200);
        a2.await("chat", f -> f.path("chat").path("muted").asBoolean() && f.path("chat").path("markedUnread").asBoolean());

        JsonNode listed = chatWith(alice, bob.id());
        assertThat(listed.path("pinned").asBoolean()).isTrue();
        assertThat(listed.path("muted").asBoolean()).isTrue();
        assertThat(listed.path("markedUnread").asBoolean()).isTrue();
        patch(alice, bob.id(), Map.of("markedUnread", false)).expect(200);
        assertThat(chatWith(alice, bob.id()).path("markedUnread").asBoolean()).isFalse();
        assertThat(chatWith(alice, bob.id()).path("pinned").asBoolean()).isTrue();

        // The peer's box is untouched, and the peer is not told.
        assertThat(chatWith(bob, alice.id()).path("pinned").asBoolean()).isFalse();
        b.sendJson(Map.of("type", "ping"));
        b.await("pong");
        assertThat(b.since(bobMark).stream().filter(f -> "chat".equals(f.type())).toList()).isEmpty();
    }

    @Test
    void bad_settings_change_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(bob, alice.id(), "hi");
        assertError(patch(alice, bob.id(), Map.of()), 400, "bad_request");
        assertError(patch(alice, bob.id(), Map.of("pinned", "yes")), 400, "bad_request");
        assertError(patch(alice, bob.id(), Map.of("pinned", true, "muted", 1)), 400, "bad_request");
        assertThat(chatWith(alice, bob.id()).path("pinned").asBoolean()).isFalse();
        assertError(patch(alice, api.newUser().id(), Map.of("pinned", true)), 404, "no_chat");
        assertError(patch(alice, alice.id(), Map.of("pinned", true)), 404, "no_chat");
        assertError(api.request("PATCH", "/api/chats/" + bob.id()).json(Map.of("pinned", true)).send(), 401, "unauthorized");
    }
}
