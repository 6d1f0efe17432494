package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Extension {@code lastSeen}: when an offline contact was last seen, shown to contacts only, like presence. */
class LastSeenTest extends ProtocolTestBase {

    private JsonNode chatWith(Session owner, long peer) {
        for (JsonNode c : api.get("/api/chats").as(owner).send().expect(200).json()) {
            if (c.path("peer").path("id").asLong() == peer) return c;
        }
        throw new AssertionError("no chat with " + peer);
    }

    private JsonNode contactEntry(Session owner, long peer) {
        for (JsonNode c : api.contacts(owner)) if (c.path("user").path("id").asLong() == peer) return c;
        throw new AssertionError("no contact " + peer);
    }

    @Test
    void a_contact_who_goes_offline_is_last_seen_then_in_the_event_the_chat_and_the_contact_list() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "hi");
        WsClient a = ws(alice);
        assertThat(chatWith(alice, bob.id()).has("lastSeen")).as("never seen yet").isFalse();

        WsClient b = ws(bob);
        a.await("presence", p -> p.path("online").asBoolean());
        assertThat(chatWith(alice, bob.id()).has("lastSeen")).as("online: no last seen").isFalse();
        long before = System.currentTimeMillis();
        b.close();
        JsonNode offline = a.await("presence", p -> !p.path("online").asBoolean());
        long after = System.currentTimeMillis();

        long seen = offline.path("lastSeen").asLong();
        assertThat(seen).isBetween(before - 1_000, after + 1_000);
        assertThat(chatWith(alice, bob.id()).path("lastSeen").asLong()).isEqualTo(seen);
        assertThat(chatWith(alice, bob.id()).path("online").asBoolean()).isFalse();
        assertThat(contactEntry(alice, bob.id()).path("lastSeen").asLong()).isEqualTo(seen);
    }

    @Test
    void someone_who_is_no_longer_a_contact_shows_no_last_seen() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "hi");
        ws(bob).close();
        WsClient a = ws(alice);
        long deadline = System.nanoTime() + 10_000_000_000L; // the server records it once it has seen the close
        while (!chatWith(alice, bob.id()).has("lastSeen")) {
            assertThat(System.nanoTime()).as("last seen recorded in time").isLessThan(deadline);
            Thread.onSpinWait();
        }

        api.removeContact(bob, alice.id()).expect(204);
        a.await("contact_removed");
        assertThat(chatWith(alice, bob.id()).has("lastSeen")).isFalse();
        assertThat(chatWith(bob, alice.id()).has("lastSeen")).isFalse();
    }

    @Test
    void user_search_shows_no_last_seen() {
        Pair pair = twoContacts();
        ws(pair.bob()).close();
        for (JsonNode u : api.get("/api/users/search?q=" + pair.bob().username()).as(pair.alice()).send().expect(200).json()) {
            assertThat(u.has("lastSeen")).isFalse();
        }
        for (JsonNode u : api.searchUsers(pair.alice(), pair.bob().username())) assertThat(u.has("lastSeen")).isFalse();
    }
}
