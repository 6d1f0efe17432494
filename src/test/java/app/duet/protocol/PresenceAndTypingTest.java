package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static app.duet.testing.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PROTOCOL.md §5: presence on first open / last close, the online flags, typing. */
class PresenceAndTypingTest extends ProtocolTestBase {

    private static void typing(WsClient from, long to) {
        from.sendJson(JSON.createObjectNode().put("type", "typing").put("to", to));
    }

    private static List<JsonNode> presenceOf(WsClient watcher, long user) {
        return watcher.frames("presence").stream().filter(p -> p.path("user").asLong() == user).toList();
    }

    private boolean contactOnline(Session viewer, Session contact) {
        for (JsonNode c : api.contacts(viewer)) {
            if (c.path("user").path("id").asLong() == contact.id()) return c.path("online").asBoolean();
        }
        throw new AssertionError(contact.username() + " is not a contact of " + viewer.username());
    }

    @Test
    void a_contacts_first_connection_sends_presence_online_to_all_my_connections() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob), b2 = ws(bob);
        ws(alice);
        for (WsClient c : List.of(b1, b2)) {
            JsonNode p = c.await("presence", j -> j.path("user").asLong() == alice.id());
            assertThat(p.path("online").asBoolean()).isTrue();
        }
    }

    @Test
    void a_second_connection_and_closing_one_of_two_send_no_presence() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob);
        WsClient a1 = ws(alice);
        b1.await("presence", j -> j.path("user").asLong() == alice.id());
        WsClient a2 = ws(alice);
        a1.close(); // polite close handshake, then the socket is dropped
        typing(a2, bob.id()); // a later event from the same user, as a barrier
        b1.await("typing");
        assertThat(presenceOf(b1, alice.id())).as("only the first open counts").hasSize(1);
        assertThat(contactOnline(bob, alice)).isTrue();
    }

    @Test
    void the_last_connection_closing_sends_presence_offline() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob);
        WsClient a1 = ws(alice);
        WsClient a2 = ws(alice);
        b1.await("presence", j -> j.path("user").asLong() == alice.id() && j.path("online").asBoolean());
        a1.close();
        a2.close();
        JsonNode off = b1.await("presence", j -> j.path("user").asLong() == alice.id() && !j.path("online").asBoolean());
        assertThat(off.path("online").isBoolean()).isTrue();
        assertThat(presenceOf(b1, alice.id())).hasSize(2);
        assertThat(contactOnline(bob, alice)).isFalse();
    }

    @Test
    void logout_closing_the_last_connection_sends_presence_offline() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob);
        WsClient a1 = ws(alice);
        b1.await("presence", j -> j.path("user").asLong() == alice.id() && j.path("online").asBoolean());
        api.logout(alice).expect(204);
        assertThat(a1.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
        b1.await("presence", j -> j.path("user").asLong() == alice.id() && !j.path("online").asBoolean());
    }

    @Test
    void a_dropped_connection_counts_as_closed() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob);
        WsClient a1 = ws(alice);
        b1.await("presence", j -> j.path("online").asBoolean());
        a1.abort();
        b1.await("presence", j -> j.path("user").asLong() == alice.id() && !j.path("online").asBoolean());
    }

    @Test
    void the_online_flags_follow_the_connections() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "so that both have a chat box");
        assertThat(contactOnline(bob, alice)).isFalse();
        assertThat(api.chatWith(bob, alice.id()).path("online").asBoolean()).isFalse();
        WsClient a1 = ws(alice);
        assertThat(contactOnline(bob, alice)).isTrue();
        assertThat(api.chatWith(bob, alice.id()).path("online").asBoolean()).isTrue();
        a1.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !contactOnline(bob, alice));
        assertThat(api.chatWith(bob, alice.id()).path("online").asBoolean()).isFalse();
    }

    @Test
    void presence_goes_only_to_contacts() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session stranger = api.newUser();
        api.requestContact(alice, stranger.id()).expect(202); // pending: still not a contact
        WsClient b1 = ws(bob);
        WsClient s1 = ws(stranger);
        WsClient a1 = ws(alice);
        b1.await("presence", j -> j.path("user").asLong() == alice.id());
        a1.close();
        b1.await("presence", j -> j.path("user").asLong() == alice.id() && !j.path("online").asBoolean());
        s1.barrier();
        assertThat(s1.frames("presence")).isEmpty();
    }

    @Test
    void typing_reaches_every_connection_of_the_peer_and_nobody_else() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session c = api.newUser();
        api.makeContacts(alice, c);
        WsClient a1 = ws(alice), a2 = ws(alice), b1 = ws(bob), b2 = ws(bob), c1 = ws(c);
        typing(a1, bob.id());
        for (WsClient w : List.of(b1, b2)) {
            assertThat(w.await("typing").path("from").asLong()).isEqualTo(alice.id());
        }
        a1.barrier();
        a2.barrier();
        c1.barrier();
        assertThat(a1.frames("typing")).isEmpty();
        assertThat(a2.frames("typing")).isEmpty();
        assertThat(c1.frames("typing")).isEmpty();
        assertThat(a1.frames("error")).isEmpty();
    }

    @Test
    void typing_is_not_stored() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), b1 = ws(bob);
        typing(a1, bob.id());
        b1.await("typing");
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
        assertError(api.historyRaw(bob, alice.id(), ""), 404, "no_chat");
    }

    @Test
    void typing_to_a_non_contact_reaches_nobody() {
        Session a = api.newUser();
        Session stranger = api.newUser();
        WsClient a1 = ws(a), s1 = ws(stranger);
        typing(a1, stranger.id());
        a1.barrier();
        s1.barrier();
        assertThat(s1.frames("typing")).isEmpty();
        assertStillOpen(a1);
    }

    @Test
    void a_burst_of_typing_frames_reaches_the_peer_at_most_about_once_a_second() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), b1 = ws(bob);
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) typing(a1, bob.id());
        a1.barrier(); // every typing frame of a1 has been handled
        long seconds = 1 + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        api.send(alice, bob.id(), "after the typing");
        b1.await("message"); // published after every forwarded typing

        assertThat(b1.frames("typing").size()).as("typing events delivered of 200, in ~%d s", seconds)
                .isBetween(1, (int) seconds + 1);
        assertThat(a1.frames("error")).as("dropped typing is silent").isEmpty();
    }

    private static void assertStillOpen(WsClient c) {
        c.barrier();
        assertThat(c.isClosed()).isFalse();
    }
}
