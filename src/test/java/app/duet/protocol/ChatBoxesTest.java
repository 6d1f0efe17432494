package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4: the Chat object, GET /api/chats, PUT /api/chats/{peerId}. */
class ChatBoxesTest extends ProtocolTestBase {

    private static List<Long> peers(JsonNode chats) {
        List<Long> out = new ArrayList<>();
        for (JsonNode c : chats) out.add(c.path("peer").path("id").asLong());
        return out;
    }

    @Test
    void a_new_user_has_no_chat_boxes() {
        JsonNode chats = api.chats(api.newUser());
        assertThat(chats.isArray()).isTrue();
        assertThat(chats).isEmpty();
    }

    @Test
    void put_creates_an_empty_chat_box_with_201() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        long before = System.currentTimeMillis();
        Response r = api.openChat(alice, bob.id());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode chat = r.json();
        assertUser(chat.path("peer"), bob);
        assertThat(chat.path("online").isBoolean()).isTrue();
        assertThat(chat.path("unread").asInt(-1)).isZero();
        assertThat(chat.has("lastMessage")).as("lastMessage present, null").isTrue();
        assertThat(chat.path("lastMessage").isNull()).isTrue();
        assertThat(chat.path("updatedAt").isIntegralNumber()).isTrue();
        assertThat(chat.path("updatedAt").asLong()).isBetween(before - 60_000, before + 60_000);
        assertThat(peers(api.chats(alice))).containsExactly(bob.id());
    }

    @Test
    void put_on_an_existing_chat_box_returns_200_with_it() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.openChat(alice, bob.id()).expect(201);
        api.send(bob, alice.id(), "hello");
        Response r = api.openChat(alice, bob.id());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("unread").asInt()).isEqualTo(1);
        assertThat(r.json().path("lastMessage").path("text").asText()).isEqualTo("hello");
        assertThat(api.chats(alice)).hasSize(1);
    }

    @Test
    void put_does_not_create_the_peers_chat_box() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.openChat(alice, bob.id()).expect(201);
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void put_with_a_non_contact_gets_403_not_contact() {
        Session a = api.newUser();
        Session stranger = api.newUser();
        assertError(api.openChat(a, stranger.id()), 403, "not_contact");
        api.requestContact(a, stranger.id()).expect(202); // pending is not enough
        assertError(api.openChat(a, stranger.id()), 403, "not_contact");
        assertThat(api.chats(a)).isEmpty();
    }

    @Test
    void put_with_an_unknown_user_gets_404_no_such_user() {
        assertError(api.openChat(api.newUser(), 9_000_000_002L), 404, "no_such_user");
    }

    @Test
    void put_on_an_existing_chat_box_is_200_even_after_the_contact_ended() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "hi");
        api.removeContact(alice, bob.id()).expect(204);
        assertThat(api.openChat(alice, bob.id()).status()).isEqualTo(200);
        assertThat(api.openChat(bob, alice.id()).status()).isEqualTo(200);
    }

    @Test
    void creating_a_chat_box_sends_a_chat_event_to_all_the_owners_connections() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), a2 = ws(alice);
        api.openChat(alice, bob.id()).expect(201);
        for (WsClient c : List.of(a1, a2)) {
            JsonNode chat = c.await("chat").path("chat");
            assertUser(chat.path("peer"), bob);
            assertThat(chat.path("unread").asInt()).isZero();
        }
    }

    @Test
    void the_chat_object_carries_peer_online_unread_last_message_and_updated_at() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        ws(alice); // Alice is online
        JsonNode m = api.send(alice, bob.id(), "first");
        JsonNode m2 = api.send(alice, bob.id(), "second");
        JsonNode chat = api.chatWith(bob, alice.id());
        assertUser(chat.path("peer"), alice);
        assertThat(chat.path("online").asBoolean()).isTrue();
        assertThat(chat.path("unread").asInt()).isEqualTo(2);
        assertThat(chat.path("lastMessage")).isEqualTo(m2);
        assertThat(chat.path("updatedAt").asLong()).isGreaterThanOrEqualTo(m.path("sentAt").asLong());
        // the sender's own box: no unread for their own messages, offline peer
        JsonNode mine = api.chatWith(alice, bob.id());
        assertThat(mine.path("unread").asInt()).isZero();
        assertThat(mine.path("online").asBoolean()).isFalse();
        assertThat(mine.path("lastMessage").path("id").asText()).isEqualTo(m2.path("id").asText());
    }

    @Test
    void a_chat_box_shows_presence_only_while_the_two_are_contacts() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        ws(alice); // Alice is online
        api.send(alice, bob.id(), "hi");
        assertThat(api.chatWith(bob, alice.id()).path("online").asBoolean()).isTrue();
        assertThat(api.chatWith(bob, alice.id()).path("contact").asBoolean()).isTrue();

        api.removeContact(alice, bob.id()).expect(204);

        JsonNode chat = api.chatWith(bob, alice.id());
        assertThat(chat.path("online").asBoolean()).as("presence is for contacts only").isFalse();
        assertThat(chat.path("contact").asBoolean()).isFalse();
    }

    @Test
    void chats_are_listed_latest_activity_first() throws InterruptedException {
        Session me = api.newUser();
        Session p1 = api.newUser(), p2 = api.newUser(), p3 = api.newUser();
        for (Session p : List.of(p1, p2, p3)) api.makeContacts(me, p);
        api.send(p1, me.id(), "one");
        Thread.sleep(5); // distinct millisecond timestamps
        api.send(me, p2.id(), "two");
        Thread.sleep(5);
        api.send(p3, me.id(), "three");
        assertThat(peers(api.chats(me))).containsExactly(p3.id(), p2.id(), p1.id());

        Thread.sleep(5);
        api.send(p1, me.id(), "one again");
        assertThat(peers(api.chats(me))).containsExactly(p1.id(), p3.id(), p2.id());

        Thread.sleep(5);
        api.send(me, p2.id(), "two again");
        JsonNode chats = api.chats(me);
        assertThat(peers(chats)).containsExactly(p2.id(), p1.id(), p3.id());
        for (int i = 1; i < chats.size(); i++) {
            assertThat(chats.get(i - 1).path("updatedAt").asLong())
                    .isGreaterThanOrEqualTo(chats.get(i).path("updatedAt").asLong());
        }
    }

    @Test
    void a_freshly_opened_empty_chat_box_counts_as_activity() throws InterruptedException {
        Session me = api.newUser();
        Session old = api.newUser(), fresh = api.newUser();
        api.makeContacts(me, old);
        api.makeContacts(me, fresh);
        api.send(old, me.id(), "old news");
        Thread.sleep(5);
        api.openChat(me, fresh.id()).expect(201);
        assertThat(peers(api.chats(me))).containsExactly(fresh.id(), old.id());
    }
}
