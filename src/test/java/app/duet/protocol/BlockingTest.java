package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extension: blocking a user ({@code PUT/DELETE /api/blocks/{userId}}, {@code GET /api/blocks}).
 * Removing a contact stays {@code DELETE /api/contacts/{userId}} (PROTOCOL.md §3, tested in ContactsTest).
 */
class BlockingTest extends ProtocolTestBase {

    private Response block(Session s, long userId) { return api.put("/api/blocks/" + userId).as(s).send(); }

    private Response unblock(Session s, long userId) { return api.delete("/api/blocks/" + userId).as(s).send(); }

    private JsonNode blocked(Session s) { return api.get("/api/blocks").as(s).send().expect(200).json(); }

    @Test
    void blocking_a_contact_ends_the_contact_for_both_and_tells_the_blockers_devices() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), a2 = ws(alice), b1 = ws(bob);

        assertThat(block(alice, bob.id()).status()).isEqualTo(204);

        for (WsClient c : List.of(a1, a2)) {
            assertThat(c.await("contact_removed").path("user").asLong()).isEqualTo(bob.id());
            JsonNode e = c.await("user_blocked");
            assertUser(e.path("user"), bob);
        }
        assertThat(b1.await("contact_removed").path("user").asLong()).isEqualTo(alice.id());
        assertThat(api.contacts(alice)).isEmpty();
        assertThat(api.contacts(bob)).isEmpty();
        JsonNode list = blocked(alice);
        assertThat(list).hasSize(1);
        assertUser(list.get(0).path("user"), bob);
        assertThat(list.get(0).path("at").isIntegralNumber()).isTrue();
        assertThat(blocked(bob)).isEmpty();
        b1.mark();
        assertThat(b1.frames("user_blocked")).isEmpty(); // the blocked one is not told of the block itself
    }

    @Test
    void a_blocked_users_requests_and_messages_are_refused_with_blocked_over_http_and_websocket() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(bob, alice.id(), "before");
        block(alice, bob.id()).expect(204);

        assertError(api.requestContact(bob, alice.id()), 403, "blocked");
        assertError(api.sendRaw(bob, alice.id(), "after", null), 403, "blocked");
        WsClient b = ws(bob);
        b.send(alice.id(), "after, over the socket", "c-blocked-1");
        JsonNode error = b.await("error");
        assertThat(error.path("code").asText()).isEqualTo("blocked");
        assertThat(error.path("ref").asText()).isEqualTo("c-blocked-1");
        // The blocker is told to unblock first.
        assertError(api.requestContact(alice, bob.id()), 403, "unblock_first");
        assertError(api.sendRaw(alice, bob.id(), "hello?", null), 403, "unblock_first");
        // Nothing was stored, nothing pending; the history before stays readable.
        assertThat(api.contactRequests(alice).path("incoming")).isEmpty();
        assertThat(api.history(alice, bob.id()).path("messages")).hasSize(1);
        assertThat(api.history(bob, alice.id()).path("messages")).hasSize(1);
    }

    @Test
    void a_blocked_user_sees_no_presence_of_the_blocker() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        block(alice, bob.id()).expect(204);
        WsClient b = ws(bob);
        int mark = b.mark();
        ws(alice); // alice comes online (her hello came after her presence was published)
        b.sendJson(java.util.Map.of("type", "ping", "ref", "after-alice")); // a pong comes after anything queued before it
        b.await("pong");
        assertThat(b.since(mark).stream().filter(f -> "presence".equals(f.type())).toList()).isEmpty();
        for (JsonNode chat : api.get("/api/chats").as(bob).send().expect(200).json()) {
            assertThat(chat.path("online").asBoolean()).isFalse();
            assertThat(chat.has("lastSeen")).isFalse();
        }
    }

    @Test
    void unblocking_lets_them_ask_again_but_does_not_make_them_contacts() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        block(alice, bob.id()).expect(204);
        WsClient a = ws(alice);

        assertThat(unblock(alice, bob.id()).status()).isEqualTo(204);
        assertThat(a.await("user_unblocked").path("user").asLong()).isEqualTo(bob.id());
        assertThat(blocked(alice)).isEmpty();
        assertThat(api.contacts(alice)).isEmpty();
        assertThat(api.requestContact(bob, alice.id()).status()).isEqualTo(202);
        assertThat(api.requestContact(alice, bob.id()).status()).isEqualTo(200);
        assertThat(unblock(alice, bob.id()).status()).as("unblocking again").isEqualTo(204);
    }

    @Test
    void blocking_a_stranger_declines_their_request_and_blocking_twice_is_harmless() {
        Session alice = api.newUser();
        Session carol = api.newUser();
        api.requestContact(carol, alice.id()).expect(202);
        WsClient c = ws(carol);
        block(alice, carol.id()).expect(204);
        assertThat(c.await("contact_request_removed").path("user").asLong()).isEqualTo(alice.id());
        assertThat(api.contactRequests(alice).path("incoming")).isEmpty();
        assertThat(block(alice, carol.id()).status()).isEqualTo(204);
        assertThat(blocked(alice)).hasSize(1);
    }

    @Test
    void bad_targets_are_refused() {
        Session alice = api.newUser();
        assertError(block(alice, alice.id()), 400, "bad_request");
        assertError(block(alice, 9_000_000_001L), 404, "no_such_user");
        assertError(unblock(alice, 9_000_000_001L), 404, "no_such_user");
        assertError(api.put("/api/blocks/abc").as(alice).send(), 400, "bad_request");
        assertError(api.get("/api/blocks").send(), 401, "unauthorized");
        assertThat(blocked(alice)).isEmpty();
    }
}
