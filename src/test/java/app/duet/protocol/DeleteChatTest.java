package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4 Deleting: DELETE /api/chats/{peerId} removes the owner's box and copy only. */
class DeleteChatTest extends ProtocolTestBase {

    /** Alice and Bob are contacts and have exchanged seq 1..3 (Alice, Bob, Alice); Bob has read nothing. */
    private Pair conversation() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "one");
        api.send(bob, alice.id(), "two");
        api.send(alice, bob.id(), "three");
        return pair;
    }

    @Test
    void delete_returns_204_and_removes_the_box_and_its_history_for_the_owner() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.deleteChat(bob, alice.id());
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(api.chatWith(bob, alice.id())).isNull();
        assertError(api.historyRaw(bob, alice.id(), ""), 404, "no_chat");
    }

    @Test
    void the_peers_box_history_and_unread_do_not_change() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode before = api.chatWith(alice, bob.id());
        List<JsonNode> historyBefore = api.fullHistory(alice, bob.id());
        api.deleteChat(bob, alice.id()).expect(204);
        assertThat(api.chatWith(alice, bob.id())).isEqualTo(before);
        assertThat(api.chatWith(alice, bob.id()).path("unread").asInt()).isEqualTo(1);
        assertThat(api.fullHistory(alice, bob.id())).isEqualTo(historyBefore);
    }

    @Test
    void deleting_a_missing_box_gets_404_no_chat() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.deleteChat(alice, bob.id()), 404, "no_chat");
        api.send(alice, bob.id(), "hi");
        api.deleteChat(alice, bob.id()).expect(204);
        assertError(api.deleteChat(alice, bob.id()), 404, "no_chat");
    }

    @Test
    void all_the_owners_connections_get_chat_deleted_and_the_peer_gets_nothing() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob), b2 = ws(bob), a1 = ws(alice);
        api.deleteChat(bob, alice.id()).expect(204);
        for (WsClient c : List.of(b1, b2)) {
            assertThat(c.await("chat_deleted").path("peer").asLong()).isEqualTo(alice.id());
        }
        a1.barrier();
        assertThat(a1.frames("chat_deleted")).isEmpty();
        assertThat(a1.frames("chat")).isEmpty();
    }

    @Test
    void a_later_message_from_the_peer_recreates_the_box_with_only_messages_from_then_on() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        api.deleteChat(bob, alice.id()).expect(204);
        WsClient b1 = ws(bob);
        JsonNode m4 = api.send(alice, bob.id(), "four");
        assertThat(m4.path("seq").asLong()).as("seq is per pair and goes on").isEqualTo(4);

        JsonNode page = api.history(bob, alice.id());
        assertThat(seqs(page.path("messages"))).containsExactly(4L);
        assertThat(page.path("hasMore").asBoolean()).isFalse();
        JsonNode older = api.history(bob, alice.id(), "before=4");
        assertThat(older.path("messages")).isEmpty();
        assertThat(older.path("hasMore").asBoolean()).as("nothing older in the owner's copy").isFalse();
        assertThat(api.history(bob, alice.id(), "limit=1").path("hasMore").asBoolean()).isFalse();
        assertThat(api.history(bob, alice.id(), "after=0").path("messages")).hasSize(1);
        JsonNode chat = api.chatWith(bob, alice.id());
        assertThat(chat.path("unread").asInt()).isEqualTo(1);
        assertThat(chat.path("lastMessage").path("seq").asLong()).isEqualTo(4);

        // the recreated box is announced before the message that created it
        b1.await("message");
        List<String> types = b1.frames().stream().map(WsClient.Frame::type).toList();
        assertThat(types.indexOf("chat")).as("%s", types).isNotNegative().isLessThan(types.indexOf("message"));

        // the peer's copy still holds everything
        assertThat(seqs(api.fullHistory(alice, bob.id()))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void a_later_message_from_the_owner_recreates_the_box_with_only_messages_from_then_on() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        api.deleteChat(bob, alice.id()).expect(204);
        api.send(bob, alice.id(), "I am back");
        assertThat(seqs(api.fullHistory(bob, alice.id()))).containsExactly(4L);
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isZero();
        assertThat(api.chatWith(alice, bob.id()).path("unread").asInt()).isEqualTo(2);
    }

    @Test
    void unread_in_a_recreated_box_counts_only_messages_it_holds() {
        Pair pair = conversation(); // Bob has 2 unread (seq 1 and 3)
        Session alice = pair.alice(), bob = pair.bob();
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(2);
        api.deleteChat(bob, alice.id()).expect(204);
        api.send(alice, bob.id(), "four");
        api.send(alice, bob.id(), "five");
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(2);
        api.read(bob, alice.id(), 4).expect(204);
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(1);
    }

    @Test
    void reopening_a_deleted_box_with_put_gives_an_empty_box() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        api.deleteChat(bob, alice.id()).expect(204);
        Response r = api.openChat(bob, alice.id());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("unread").asInt()).isZero();
        assertThat(r.json().path("lastMessage").isNull()).isTrue();
        assertThat(api.history(bob, alice.id()).path("messages")).isEmpty();
        api.send(alice, bob.id(), "four");
        assertThat(seqs(api.fullHistory(bob, alice.id()))).containsExactly(4L);
    }

    @Test
    void both_sides_may_delete_independently() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        api.deleteChat(alice, bob.id()).expect(204);
        api.deleteChat(bob, alice.id()).expect(204);
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
        assertThat(api.send(alice, bob.id(), "fresh start").path("seq").asLong()).isEqualTo(4);
        assertThat(seqs(api.fullHistory(alice, bob.id()))).containsExactly(4L);
        assertThat(seqs(api.fullHistory(bob, alice.id()))).containsExactly(4L);
    }

    @Test
    void an_ex_contact_can_delete_the_box_it_kept() {
        Pair pair = conversation();
        Session alice = pair.alice(), bob = pair.bob();
        api.removeContact(alice, bob.id()).expect(204);
        api.deleteChat(alice, bob.id()).expect(204);
        assertThat(api.chats(alice)).isEmpty();
        assertError(api.openChat(alice, bob.id()), 403, "not_contact");
    }
}
