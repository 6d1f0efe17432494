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

    /** a and b are contacts and have exchanged seq 1..3 (a, b, a); b has read nothing. */
    private Session[] conversation() {
        Session[] ab = contacts();
        api.send(ab[0], ab[1].id(), "one");
        api.send(ab[1], ab[0].id(), "two");
        api.send(ab[0], ab[1].id(), "three");
        return ab;
    }

    @Test
    void delete_returns_204_and_removes_the_box_and_its_history_for_the_owner() {
        Session[] ab = conversation();
        Response r = api.deleteChat(ab[1], ab[0].id());
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(api.chatWith(ab[1], ab[0].id())).isNull();
        assertError(api.historyRaw(ab[1], ab[0].id(), ""), 404, "no_chat");
    }

    @Test
    void the_peers_box_history_and_unread_do_not_change() {
        Session[] ab = conversation();
        JsonNode before = api.chatWith(ab[0], ab[1].id());
        List<JsonNode> historyBefore = api.fullHistory(ab[0], ab[1].id());
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        assertThat(api.chatWith(ab[0], ab[1].id())).isEqualTo(before);
        assertThat(api.chatWith(ab[0], ab[1].id()).path("unread").asInt()).isEqualTo(1);
        assertThat(api.fullHistory(ab[0], ab[1].id())).isEqualTo(historyBefore);
    }

    @Test
    void deleting_a_missing_box_gets_404_no_chat() {
        Session[] ab = contacts();
        assertError(api.deleteChat(ab[0], ab[1].id()), 404, "no_chat");
        api.send(ab[0], ab[1].id(), "hi");
        api.deleteChat(ab[0], ab[1].id()).expect(204);
        assertError(api.deleteChat(ab[0], ab[1].id()), 404, "no_chat");
    }

    @Test
    void all_the_owners_connections_get_chat_deleted_and_the_peer_gets_nothing() {
        Session[] ab = conversation();
        WsClient b1 = ws(ab[1]), b2 = ws(ab[1]), a1 = ws(ab[0]);
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        for (WsClient c : List.of(b1, b2)) {
            assertThat(c.await("chat_deleted").path("peer").asLong()).isEqualTo(ab[0].id());
        }
        a1.barrier();
        assertThat(a1.frames("chat_deleted")).isEmpty();
        assertThat(a1.frames("chat")).isEmpty();
    }

    @Test
    void a_later_message_from_the_peer_recreates_the_box_with_only_messages_from_then_on() {
        Session[] ab = conversation();
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        WsClient b1 = ws(ab[1]);
        JsonNode m4 = api.send(ab[0], ab[1].id(), "four");
        assertThat(m4.path("seq").asLong()).as("seq is per pair and goes on").isEqualTo(4);

        JsonNode page = api.history(ab[1], ab[0].id());
        assertThat(seqs(page.path("messages"))).containsExactly(4L);
        assertThat(page.path("hasMore").asBoolean()).isFalse();
        JsonNode older = api.history(ab[1], ab[0].id(), "before=4");
        assertThat(older.path("messages")).isEmpty();
        assertThat(older.path("hasMore").asBoolean()).as("nothing older in the owner's copy").isFalse();
        assertThat(api.history(ab[1], ab[0].id(), "limit=1").path("hasMore").asBoolean()).isFalse();
        assertThat(api.history(ab[1], ab[0].id(), "after=0").path("messages")).hasSize(1);
        JsonNode chat = api.chatWith(ab[1], ab[0].id());
        assertThat(chat.path("unread").asInt()).isEqualTo(1);
        assertThat(chat.path("lastMessage").path("seq").asLong()).isEqualTo(4);

        // the recreated box is announced before the message that created it
        b1.await("message");
        List<String> types = b1.frames().stream().map(WsClient.Frame::type).toList();
        assertThat(types.indexOf("chat")).as("%s", types).isNotNegative().isLessThan(types.indexOf("message"));

        // the peer's copy still holds everything
        assertThat(seqs(api.fullHistory(ab[0], ab[1].id()))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void a_later_message_from_the_owner_recreates_the_box_with_only_messages_from_then_on() {
        Session[] ab = conversation();
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        api.send(ab[1], ab[0].id(), "I am back");
        assertThat(seqs(api.fullHistory(ab[1], ab[0].id()))).containsExactly(4L);
        assertThat(api.chatWith(ab[1], ab[0].id()).path("unread").asInt()).isZero();
        assertThat(api.chatWith(ab[0], ab[1].id()).path("unread").asInt()).isEqualTo(2);
    }

    @Test
    void unread_in_a_recreated_box_counts_only_messages_it_holds() {
        Session[] ab = conversation(); // b has 2 unread (seq 1 and 3)
        assertThat(api.chatWith(ab[1], ab[0].id()).path("unread").asInt()).isEqualTo(2);
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        api.send(ab[0], ab[1].id(), "four");
        api.send(ab[0], ab[1].id(), "five");
        assertThat(api.chatWith(ab[1], ab[0].id()).path("unread").asInt()).isEqualTo(2);
        api.read(ab[1], ab[0].id(), 4).expect(204);
        assertThat(api.chatWith(ab[1], ab[0].id()).path("unread").asInt()).isEqualTo(1);
    }

    @Test
    void reopening_a_deleted_box_with_put_gives_an_empty_box() {
        Session[] ab = conversation();
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        Response r = api.openChat(ab[1], ab[0].id());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("unread").asInt()).isZero();
        assertThat(r.json().path("lastMessage").isNull()).isTrue();
        assertThat(api.history(ab[1], ab[0].id()).path("messages")).isEmpty();
        api.send(ab[0], ab[1].id(), "four");
        assertThat(seqs(api.fullHistory(ab[1], ab[0].id()))).containsExactly(4L);
    }

    @Test
    void both_sides_may_delete_independently() {
        Session[] ab = conversation();
        api.deleteChat(ab[0], ab[1].id()).expect(204);
        api.deleteChat(ab[1], ab[0].id()).expect(204);
        assertThat(api.chats(ab[0])).isEmpty();
        assertThat(api.chats(ab[1])).isEmpty();
        assertThat(api.send(ab[0], ab[1].id(), "fresh start").path("seq").asLong()).isEqualTo(4);
        assertThat(seqs(api.fullHistory(ab[0], ab[1].id()))).containsExactly(4L);
        assertThat(seqs(api.fullHistory(ab[1], ab[0].id()))).containsExactly(4L);
    }

    @Test
    void an_ex_contact_can_delete_the_box_it_kept() {
        Session[] ab = conversation();
        api.removeContact(ab[0], ab[1].id()).expect(204);
        api.deleteChat(ab[0], ab[1].id()).expect(204);
        assertThat(api.chats(ab[0])).isEmpty();
        assertError(api.openChat(ab[0], ab[1].id()), 403, "not_contact");
    }
}
