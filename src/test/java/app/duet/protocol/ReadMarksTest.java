package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static app.duet.testing.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4 Unread and §5 read: read marks, unread counts, read receipts and chat events. */
class ReadMarksTest extends ProtocolTestBase {

    private int unread(Session owner, Session peer) {
        return api.chatWith(owner, peer.id()).path("unread").asInt(-1);
    }

    @Test
    void unread_counts_the_peers_messages_above_the_read_mark() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        for (int i = 0; i < 3; i++) api.send(a, b.id(), "m" + i);
        assertThat(unread(b, a)).isEqualTo(3);
        assertThat(unread(a, b)).as("own messages are never unread").isZero();

        Response r = api.read(b, a.id(), 2);
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(unread(b, a)).isEqualTo(1);
        api.read(b, a.id(), 3).expect(204);
        assertThat(unread(b, a)).isZero();
    }

    @Test
    void own_messages_do_not_count_as_unread() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        api.send(a, b.id(), "1");
        api.send(b, a.id(), "2");
        api.send(a, b.id(), "3");
        api.send(b, a.id(), "4");
        assertThat(unread(a, b)).isEqualTo(2);
        assertThat(unread(b, a)).isEqualTo(2);
        api.read(a, b.id(), 3).expect(204); // only seq 4 from b lies above 3
        assertThat(unread(a, b)).isEqualTo(1);
    }

    @Test
    void the_read_mark_never_moves_down() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 0; i < 4; i++) api.send(alice, bob.id(), "m" + i);
        api.read(bob, alice.id(), 3).expect(204);
        assertThat(unread(bob, alice)).isEqualTo(1);
        api.read(bob, alice.id(), 1).expect(204);
        assertThat(unread(bob, alice)).isEqualTo(1);
        api.read(bob, alice.id(), 0).expect(204);
        assertThat(unread(bob, alice)).isEqualTo(1);
    }

    @Test
    void the_read_mark_never_moves_past_the_last_seq_of_the_pair() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 0; i < 3; i++) api.send(alice, bob.id(), "m" + i);
        api.read(bob, alice.id(), 1000).expect(204);
        assertThat(unread(bob, alice)).isZero();
        // had the mark moved to 1000, these would not count as unread
        api.send(alice, bob.id(), "m4");
        api.send(alice, bob.id(), "m5");
        assertThat(unread(bob, alice)).isEqualTo(2);
    }

    @Test
    void concurrent_reads_leave_the_highest_mark() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 1; i <= 20; i++) api.send(alice, bob.id(), "m" + i);
        concurrently(20, i -> api.read(bob, alice.id(), 20 - i).expect(204));
        assertThat(unread(bob, alice)).isZero();
    }

    /**
     * A client that applies the events as PROTOCOL.md §5 describes them (a chat event sets the box, a
     * message from the peer adds one unread) ends with the unread count the server reports.
     */
    private static int unreadFollowingEvents(WsClient c, long peer) {
        int unread = -1;
        for (WsClient.Frame f : c.frames()) {
            JsonNode j = f.json();
            if ("chat".equals(f.type()) && j.path("chat").path("peer").path("id").asLong() == peer) {
                unread = j.path("chat").path("unread").asInt();
            } else if ("message".equals(f.type()) && j.path("message").path("from").asLong() == peer) {
                if (unread < 0) throw new AssertionError("a message event before any chat event: " + c.frames());
                unread++;
            }
        }
        return unread;
    }

    @Test
    void a_client_following_the_events_keeps_the_servers_unread_count() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        WsClient b1 = ws(b);
        for (int i = 0; i < 3; i++) api.send(a, b.id(), "m" + i);   // the first one creates b's box
        b1.awaitAll("message", j -> true, 3, WsClient.DEFAULT_TIMEOUT);
        assertThat(unreadFollowingEvents(b1, a.id())).as("after the box was created").isEqualTo(unread(b, a));

        api.read(b, a.id(), 2).expect(204);
        b1.await("chat", j -> j.path("chat").path("unread").asInt() == 1);
        api.send(a, b.id(), "m3");
        b1.await("message", j -> j.path("message").path("seq").asLong() == 4);
        assertThat(unreadFollowingEvents(b1, a.id())).as("after a read and a new message").isEqualTo(unread(b, a));

        api.deleteChat(b, a.id()).expect(204);
        b1.await("chat_deleted");
        api.send(a, b.id(), "m4");                                    // recreates b's box
        b1.await("message", j -> j.path("message").path("seq").asLong() == 5);
        assertThat(unreadFollowingEvents(b1, a.id())).as("after the box was recreated").isEqualTo(unread(b, a));
    }

    @Test
    void reading_without_a_chat_box_gets_404_no_chat() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.read(alice, bob.id(), 1), 404, "no_chat");
        assertError(api.read(alice, api.newUser().id(), 1), 404, "no_chat");
    }

    @Test
    void a_read_body_without_up_to_or_with_a_wrong_type_gets_400_bad_request() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "1");
        api.send(alice, bob.id(), "2");
        String path = "/api/chats/" + alice.id() + "/read";
        assertError(api.post(path).as(bob).json(Map.of()).send(), 400, "bad_request");
        assertError(api.post(path).as(bob).body("{\"upTo\": \"2\"}").send(), 400, "bad_request");
        assertError(api.post(path).as(bob).body("{\"upTo\": 1.5}").send(), 400, "bad_request");
        assertError(api.post(path).as(bob).body("{\"upTo\": null}").send(), 400, "bad_request");
        assertError(api.post(path).as(bob).body("not json").send(), 400, "bad_request");
        assertThat(unread(bob, alice)).isEqualTo(2);
    }

    @Test
    void reading_sends_a_read_receipt_to_the_senders_connections() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        for (int i = 0; i < 3; i++) api.send(a, b.id(), "m" + i);
        WsClient a1 = ws(a), a2 = ws(a);
        api.read(b, a.id(), 2).expect(204);
        for (WsClient c : List.of(a1, a2)) {
            JsonNode r = c.await("read");
            assertThat(r.path("peer").asLong()).isEqualTo(b.id());
            assertThat(r.path("upTo").asLong()).isEqualTo(2);
        }
    }

    @Test
    void reading_sends_a_chat_event_with_the_new_unread_count_to_all_the_readers_connections() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        for (int i = 0; i < 3; i++) api.send(a, b.id(), "m" + i);
        WsClient b1 = ws(b), b2 = ws(b);
        api.read(b, a.id(), 2).expect(204);
        for (WsClient c : List.of(b1, b2)) {
            JsonNode chat = c.await("chat").path("chat");
            assertUser(chat.path("peer"), a);
            assertThat(chat.path("unread").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_read_frame_over_websocket_moves_the_mark_and_tells_both_sides() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        for (int i = 0; i < 5; i++) api.send(a, b.id(), "m" + i);
        WsClient a1 = ws(a), b1 = ws(b), b2 = ws(b);
        ObjectNode read = JSON.createObjectNode().put("type", "read").put("peer", a.id()).put("upTo", 4);
        b1.sendJson(read);
        JsonNode receipt = a1.await("read");
        assertThat(receipt.path("peer").asLong()).isEqualTo(b.id());
        assertThat(receipt.path("upTo").asLong()).isEqualTo(4);
        for (WsClient c : List.of(b1, b2)) {
            assertThat(c.await("chat").path("chat").path("unread").asInt()).isEqualTo(1);
        }
        assertThat(unread(b, a)).isEqualTo(1);
        assertThat(b1.frames("error")).isEmpty();
    }

    @Test
    void a_read_frame_without_a_chat_box_gets_an_error_no_chat() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        a1.sendJson(JSON.createObjectNode().put("type", "read").put("peer", bob.id()).put("upTo", 1));
        assertThat(a1.await("error").path("code").asText()).isEqualTo("no_chat");
        a1.barrier();
    }

    @Test
    void read_receipts_go_only_to_the_peer_not_to_bystanders() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session c = api.newUser();
        api.makeContacts(bob, c);
        api.send(alice, bob.id(), "hi");
        WsClient cw = ws(c);
        WsClient aw = ws(alice);
        api.read(bob, alice.id(), 1).expect(204);
        aw.await("read");
        cw.barrier();
        assertThat(cw.frames("read")).isEmpty();
        assertThat(cw.frames("chat")).isEmpty();
    }
}
