package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Extension {@code GET /api/chats/{peerId}/search}: the caller's own copy, any script, bounded, rate-limited. */
class MessageSearchTest extends ProtocolTestBase {

    private Response search(Session s, long peer, String q, String more) {
        return api.get("/api/chats/" + peer + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more).as(s).send();
    }

    private static List<String> texts(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : answer.path("messages")) out.add(m.path("text").asText());
        return out;
    }

    @Test
    void chinese_text_is_found_inside_a_message_with_its_seq_for_the_context() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "你好");
        JsonNode hit = api.send(bob, alice.id(), "我们今天晚饭吃什么");
        api.send(alice, bob.id(), "都可以");

        JsonNode answer = search(alice, bob.id(), "晚饭", "").expect(200).json();
        assertThat(texts(answer)).containsExactly("我们今天晚饭吃什么");
        JsonNode m = answer.path("messages").get(0);
        assertThat(m.path("seq").asLong()).isEqualTo(hit.path("seq").asLong());
        assertThat(m.path("id").asText()).isEqualTo(hit.path("id").asText());
        assertThat(answer.path("hasMore").asBoolean()).isFalse();
        // The context: the history page around the hit, through the existing history API.
        JsonNode around = api.history(alice, bob.id(), "?after=" + (m.path("seq").asLong() - 2) + "&limit=3");
        assertThat(around.path("messages")).hasSize(3);
    }

    @Test
    void nothing_before_the_callers_box_nor_from_a_deleted_box_is_found() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "password is swordfish");
        api.delete("/api/chats/" + alice.id()).as(bob).send().expect(204);
        assertError(search(bob, alice.id(), "swordfish", ""), 404, "no_chat");
        api.send(alice, bob.id(), "new start");
        assertThat(texts(search(bob, alice.id(), "swordfish", "").expect(200).json())).isEmpty();
        assertThat(texts(search(alice, bob.id(), "swordfish", "").expect(200).json())).containsExactly("password is swordfish");
    }

    @Test
    void pages_are_bounded_and_go_back_with_before() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (int i = 0; i < 60; i++) api.send(alice, bob.id(), "hit " + i);
        JsonNode first = search(alice, bob.id(), "hit", "").expect(200).json();
        assertThat(first.path("messages")).hasSize(20);
        assertThat(first.path("hasMore").asBoolean()).isTrue();
        assertThat(search(alice, bob.id(), "hit", "&limit=500").expect(200).json().path("messages")).hasSize(50);
        long last = first.path("messages").get(19).path("seq").asLong();
        JsonNode next = search(alice, bob.id(), "hit", "&before=" + last + "&limit=50").expect(200).json();
        assertThat(next.path("messages").get(0).path("seq").asLong()).isEqualTo(last - 1);
        assertThat(next.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void bad_searches_are_refused() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "x");
        assertError(search(alice, bob.id(), "", ""), 400, "bad_request");
        assertError(search(alice, bob.id(), "  ", ""), 400, "bad_request");
        assertError(search(alice, bob.id(), "x".repeat(101), ""), 400, "bad_request");
        assertError(search(alice, bob.id(), "x", "&limit=0"), 400, "bad_request");
        assertError(search(alice, bob.id(), "x", "&before=abc"), 400, "bad_request");
        assertError(search(api.newUser(), bob.id(), "x", ""), 404, "no_chat");
        assertError(api.get("/api/chats/" + bob.id() + "/search?q=x").send(), 401, "unauthorized");
    }

    @Test
    void a_search_flood_is_rate_limited() {
        Pair pair = twoContacts();
        Response last = null;
        for (int i = 0; i < 60; i++) {
            last = search(pair.alice(), pair.bob().id(), "q" + i, "");
            if (last.status() == 429) break;
        }
        assertError(last, 429, "rate_limited");
    }
}
