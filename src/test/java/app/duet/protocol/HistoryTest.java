package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4 History: GET /api/chats/{peerId}/messages with before / after / limit and hasMore. */
class HistoryTest extends ProtocolTestBase {
    private static final int TOTAL = 250;

    private Session a, b;

    /** One pair with 250 messages, alternating senders, shared by the read-only tests. */
    private synchronized void fixture() {
        if (a != null) return;
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 1; i <= TOTAL; i++) {
            Session from = i % 2 == 1 ? alice : bob;
            Session to = i % 2 == 1 ? bob : alice;
            api.send(from, to.id(), "message " + i);
        }
        a = alice;
        b = bob;
    }

    private void assertPage(String query, List<Long> seqs, boolean hasMore) {
        fixture();
        for (Session[] side : new Session[][] {{a, b}, {b, a}}) {
            JsonNode page = api.history(side[0], side[1].id(), query);
            assertThat(seqs(page.path("messages"))).as("seqs for ?%s", query).isEqualTo(seqs);
            assertThat(page.path("hasMore").isBoolean()).as("hasMore is a boolean for ?%s", query).isTrue();
            assertThat(page.path("hasMore").asBoolean()).as("hasMore for ?%s", query).isEqualTo(hasMore);
        }
    }

    @Test
    void without_a_cursor_it_returns_the_newest_50_in_ascending_seq() {
        assertPage("", range(TOTAL - 49, TOTAL), true);
    }

    @Test
    void limit_picks_the_newest_n() {
        assertPage("limit=10", range(TOTAL - 9, TOTAL), true);
        assertPage("limit=1", List.of((long) TOTAL), true);
    }

    @Test
    void a_limit_over_200_is_served_as_200() {
        assertPage("limit=201", range(TOTAL - 199, TOTAL), true);
        assertPage("limit=100000", range(TOTAL - 199, TOTAL), true);
    }

    @Test
    void a_limit_below_1_gets_400_bad_request() {
        fixture();
        assertError(api.historyRaw(a, b.id(), "limit=0"), 400, "bad_request");
        assertError(api.historyRaw(a, b.id(), "limit=-5"), 400, "bad_request");
        assertError(api.historyRaw(a, b.id(), "after=0&limit=0"), 400, "bad_request");
    }

    @Test
    void a_limit_that_is_not_a_number_gets_400_bad_request() {
        fixture();
        assertError(api.historyRaw(a, b.id(), "limit=ten"), 400, "bad_request");
        assertError(api.historyRaw(a, b.id(), "before=x"), 400, "bad_request");
    }

    @Test
    void before_scrolls_back_through_the_newest_messages_below_the_cursor() {
        assertPage("before=11&limit=5", range(6, 10), true);
        assertPage("before=6&limit=5", range(1, 5), false);
        assertPage("before=4&limit=5", range(1, 3), false);
        assertPage("before=1&limit=5", List.of(), false);
        assertPage("before=101", range(51, 100), true);
        assertPage("before=51", range(1, 50), false);
    }

    @Test
    void after_catches_up_with_the_oldest_messages_above_the_cursor() {
        assertPage("after=0&limit=10", range(1, 10), true);
        assertPage("after=0", range(1, 50), true);
        assertPage("after=200", range(201, 250), false);
        assertPage("after=240&limit=10", range(241, 250), false);
        assertPage("after=245&limit=10", range(246, 250), false);
        assertPage("after=250", List.of(), false);
        assertPage("after=10&limit=500", range(11, 210), true);
    }

    @Test
    void paging_back_with_before_visits_every_message_once() {
        fixture();
        long before = Long.MAX_VALUE;
        List<Long> seen = new java.util.ArrayList<>();
        for (int guard = 0; guard < 20; guard++) {
            String q = "limit=37" + (before == Long.MAX_VALUE ? "" : "&before=" + before);
            JsonNode page = api.history(b, a.id(), q);
            List<Long> s = seqs(page.path("messages"));
            seen.addAll(0, s);
            if (!page.path("hasMore").asBoolean()) break;
            before = s.get(0);
        }
        assertThat(seen).isEqualTo(range(1, TOTAL));
    }

    @Test
    void both_copies_hold_the_same_messages() {
        fixture();
        List<JsonNode> mine = api.fullHistory(a, b.id());
        List<JsonNode> theirs = api.fullHistory(b, a.id());
        assertThat(mine).hasSize(TOTAL).isEqualTo(theirs);
        assertThat(seqs(mine)).isEqualTo(range(1, TOTAL));
        for (JsonNode m : mine) {
            long seq = m.path("seq").asLong();
            assertThat(m.path("text").asText()).isEqualTo("message " + seq);
            assertThat(m.path("from").asLong()).isEqualTo(seq % 2 == 1 ? a.id() : b.id());
            assertThat(m.path("to").asLong()).isEqualTo(seq % 2 == 1 ? b.id() : a.id());
        }
    }

    @Test
    void messages_in_history_carry_every_field() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode sent = api.send(alice, bob.id(), "fields", "cid-fields-1");
        JsonNode plain = api.send(bob, alice.id(), "no client id");
        JsonNode msgs = api.history(bob, alice.id()).path("messages");
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0)).isEqualTo(sent);
        assertThat(msgs.get(1)).isEqualTo(plain);
        JsonNode m = msgs.get(0);
        assertThat(m.path("id").isTextual()).isTrue();
        assertThat(m.path("seq").asLong()).isEqualTo(1);
        assertThat(m.path("from").asLong()).isEqualTo(alice.id());
        assertThat(m.path("to").asLong()).isEqualTo(bob.id());
        assertThat(m.path("clientId").asText()).isEqualTo("cid-fields-1");
        assertThat(msgs.get(1).has("clientId")).isTrue();
        assertThat(msgs.get(1).path("clientId").isNull()).isTrue();
    }

    @Test
    void has_more_is_false_when_the_page_ends_exactly_at_the_first_or_last_message() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 1; i <= 10; i++) api.send((i % 2 == 0 ? alice : bob), (i % 2 == 0 ? bob : alice).id(), "m" + i);
        String[][] cases = {
                {"limit=10", "false"}, {"limit=9", "true"}, {"after=0&limit=10", "false"}, {"after=0&limit=9", "true"},
                {"before=11&limit=10", "false"}, {"before=11&limit=9", "true"}, {"after=1&limit=9", "false"},
                {"before=10&limit=9", "false"}, {"", "false"}};
        for (String[] c : cases) {
            JsonNode page = api.history(alice, bob.id(), c[0]);
            assertThat(page.path("hasMore").asBoolean()).as("hasMore for ?%s", c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
        }
    }

    @Test
    void an_empty_chat_box_has_an_empty_history() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.openChat(alice, bob.id()).expect(201);
        JsonNode page = api.history(alice, bob.id());
        assertThat(page.path("messages")).isEmpty();
        assertThat(page.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void without_a_chat_box_history_gets_404_no_chat() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.historyRaw(alice, bob.id(), ""), 404, "no_chat");
        api.openChat(alice, bob.id()).expect(201);
        assertError(api.historyRaw(bob, alice.id(), ""), 404, "no_chat");
        Session stranger = api.newUser();
        assertError(api.historyRaw(alice, stranger.id(), ""), 404, "no_chat");
    }
}
