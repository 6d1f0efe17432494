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

/**
 * Extension {@code GET /api/search}: the caller's messages in all their chats at once, on the
 * database's full-text index (3 characters or more) or a bounded scan (1 or 2), with context,
 * newest first, paged by message id; and the snippets and paging fields added to a chat's search.
 */
class SearchAllChatsTest extends ProtocolTestBase {

    private Response search(Session s, String q, String more) {
        return api.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more).as(s).send();
    }

    private static List<String> texts(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : answer.path("hits")) out.add(h.path("message").path("text").asText());
        return out;
    }

    /** Issue #11: "nothing deleted-for-me or recalled": through the edits' own endpoints, in both searches. */
    @Test
    void a_message_deleted_for_me_or_recalled_is_not_found_by_either_search() {
        Session alice = api.newUser("Alice");
        Session bob = api.newUser("Bob");
        api.makeContacts(alice, bob);
        JsonNode hidden = api.send(alice, bob.id(), "pineapple for bob only");
        JsonNode recalled = api.send(alice, bob.id(), "pineapple recalled");
        api.send(alice, bob.id(), "pineapple kept");
        api.delete("/api/chats/" + alice.id() + "/messages/" + hidden.path("seq").asLong()).as(bob).send().expect(204);
        api.post("/api/chats/" + bob.id() + "/messages/" + recalled.path("seq").asLong() + "/recall").as(alice).send().expect(200);

        for (String q : List.of("pineapple", "pi")) {   // the index, and the short-query scan
            assertThat(texts(search(bob, q, "").expect(200).json())).as(q).containsExactly("pineapple kept");
            assertThat(texts(search(alice, q, "").expect(200).json())).as(q).containsExactly("pineapple kept", "pineapple for bob only");
            JsonNode inChat = api.get("/api/chats/" + alice.id() + "/search?q=" + q).as(bob).send().expect(200).json();
            assertThat(inChat.path("messages")).extracting(m -> m.path("text").asText()).as(q).containsExactly("pineapple kept");
        }
    }

    @Test
    void chinese_without_spaces_is_found_in_every_chat_with_its_peer_seq_sender_and_context() {
        Session alice = api.newUser("Alice");
        Session bob = api.newUser("Bob");
        Session carol = api.newUser("Carol");
        api.makeContacts(alice, bob);
        api.makeContacts(alice, carol);
        api.send(alice, bob.id(), "你好");
        JsonNode dinner = api.send(bob, alice.id(), "我们今天晚饭吃什么");
        JsonNode later = api.send(alice, carol.id(), "晚饭以后一起看电影吗？这是一条" + "很长".repeat(40) + "的消息");

        JsonNode answer = search(alice, "晚饭", "").expect(200).json(); // 2 characters: scanned
        assertThat(texts(answer)).containsExactly(later.path("text").asText(), "我们今天晚饭吃什么");
        assertThat(answer.path("hasMore").asBoolean()).isFalse();
        assertThat(answer.path("next").isNull()).isTrue();
        assertThat(answer.path("cut").asBoolean()).isFalse();
        JsonNode hit = answer.path("hits").get(1);
        assertThat(hit.path("peer").path("id").asLong()).isEqualTo(bob.id());
        assertThat(hit.path("peer").path("name").asText()).isEqualTo("Bob");
        assertThat(hit.path("message").path("seq").asLong()).isEqualTo(dinner.path("seq").asLong());
        assertThat(hit.path("message").path("from").asLong()).isEqualTo(bob.id());
        assertThat(hit.path("message").path("sentAt").asLong()).isEqualTo(dinner.path("sentAt").asLong());
        assertThat(hit.path("snippet").path("before").asText()).isEqualTo("我们今天");
        assertThat(hit.path("snippet").path("match").asText()).isEqualTo("晚饭");
        assertThat(hit.path("snippet").path("after").asText()).isEqualTo("吃什么");
        JsonNode longOne = answer.path("hits").get(0).path("snippet");
        assertThat(longOne.path("before").asText()).isEmpty();
        assertThat(longOne.path("after").asText()).endsWith("…");

        assertThat(texts(search(alice, "今天晚饭", "").expect(200).json())).containsExactly("我们今天晚饭吃什么"); // the index
        assertThat(texts(search(bob, "晚饭", "").expect(200).json())).containsExactly("我们今天晚饭吃什么");
        assertThat(texts(search(carol, "电影", "").expect(200).json())).hasSize(1);
    }

    @Test
    void nothing_before_the_callers_box_start_nor_from_a_deleted_box_is_found() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "password is swordfish");
        api.deleteChat(bob, alice.id()).expect(204);
        assertThat(texts(search(bob, "swordfish", "").expect(200).json())).isEmpty();
        assertThat(texts(search(bob, "sw", "").expect(200).json())).isEmpty();
        api.send(alice, bob.id(), "a new start, swordfish again");
        assertThat(texts(search(bob, "swordfish", "").expect(200).json())).containsExactly("a new start, swordfish again");
        assertThat(texts(search(alice, "swordfish", "").expect(200).json()))
                .containsExactly("a new start, swordfish again", "password is swordfish");
        api.deleteChat(alice, bob.id()).expect(204);
        assertThat(texts(search(alice, "swordfish", "").expect(200).json())).isEmpty();
    }

    @Test
    void pages_go_back_with_next_across_chats_and_a_chats_search_gives_snippets_and_next() {
        Session alice = api.newUser();
        Session bob = api.newUser();
        Session carol = api.newUser();
        api.makeContacts(alice, bob);
        api.makeContacts(alice, carol);
        for (int i = 0; i < 25; i++) api.send(alice, i % 2 == 0 ? bob.id() : carol.id(), "Dinner number " + i);

        JsonNode first = search(alice, "dinner", "&limit=10").expect(200).json();
        assertThat(first.path("hits")).hasSize(10);
        assertThat(first.path("hasMore").asBoolean()).isTrue();
        assertThat(texts(first).getFirst()).isEqualTo("Dinner number 24");
        String next = first.path("next").asText();
        assertThat(next).isEqualTo(first.path("hits").get(9).path("message").path("id").asText());
        JsonNode second = search(alice, "dinner", "&limit=10&before=" + next).expect(200).json();
        assertThat(texts(second).getFirst()).isEqualTo("Dinner number 14");
        JsonNode third = search(alice, "dinner", "&limit=10&before=" + second.path("next").asText()).expect(200).json();
        assertThat(third.path("hits")).hasSize(5);
        assertThat(third.path("hasMore").asBoolean()).isFalse();
        assertThat(third.path("next").isNull()).isTrue();
        assertThat(search(alice, "dinner", "&limit=500").expect(200).json().path("hits")).hasSize(25); // at most 50

        JsonNode inChat = api.get("/api/chats/" + bob.id() + "/search?q=NUMBER&limit=5").as(alice).send().expect(200).json();
        assertThat(inChat.path("messages")).hasSize(5);
        JsonNode m = inChat.path("messages").get(0);
        assertThat(m.path("text").asText()).isEqualTo("Dinner number 24");
        assertThat(m.path("snippet").path("match").asText()).isEqualTo("number");
        assertThat(m.path("snippet").path("before").asText()).isEqualTo("Dinner ");
        assertThat(inChat.path("next").asLong()).isEqualTo(inChat.path("messages").get(4).path("seq").asLong());
        assertThat(inChat.path("cut").asBoolean()).isFalse();
    }

    @Test
    void bad_searches_are_refused_and_floods_limited() {
        Pair pair = twoContacts();
        Session alice = pair.alice();
        api.send(alice, pair.bob().id(), "x");
        assertError(search(alice, "", ""), 400, "bad_request");
        assertError(api.get("/api/search").as(alice).send(), 400, "bad_request");
        assertError(search(alice, " \t ", ""), 400, "bad_request");
        assertError(search(alice, "晚".repeat(101), ""), 400, "bad_request");
        assertThat(search(alice, "晚".repeat(100), "").status()).isEqualTo(200);
        assertError(search(alice, "x", "&limit=0"), 400, "bad_request");
        assertError(search(alice, "x", "&limit=-3"), 400, "bad_request");
        assertError(search(alice, "x", "&before=0"), 400, "bad_request");
        assertError(search(alice, "x", "&before=abc"), 400, "bad_request");
        assertError(api.get("/api/search?q=x").send(), 401, "unauthorized");
        Response last = null;
        for (int i = 0; i < 60; i++) {
            last = search(alice, "q" + i, "");
            if (last.status() == 429) break;
        }
        assertError(last, 429, "rate_limited");
    }

    @Test
    void query_text_is_literal_whatever_it_holds() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "100% \"sure\" C:\\dir\\file a_b");
        api.send(alice, bob.id(), "plain");
        for (String q : List.of("%", "0% \"s", "\\dir\\", "a_b", "\"sure\"", "*", "sure\" OR \"plain")) {
            JsonNode answer = search(bob, q, "").expect(200).json();
            if (q.equals("*") || q.startsWith("sure\" OR")) assertThat(texts(answer)).as(q).isEmpty();
            else assertThat(texts(answer)).as(q).containsExactly("100% \"sure\" C:\\dir\\file a_b");
        }
    }
}
