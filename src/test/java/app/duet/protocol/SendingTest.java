package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4: POST /api/chats/{peerId}/messages, seq, clientId, text rules, creation of chat boxes. */
class SendingTest extends ProtocolTestBase {
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void sending_returns_201_with_the_stored_message() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        long before = System.currentTimeMillis();
        Response r = api.sendRaw(alice, bob.id(), "Hello, Bob", "first-1");
        long after = System.currentTimeMillis();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode m = r.json().path("message");
        assertThat(m.path("id").isTextual()).as("id is a string: %s", m).isTrue();
        assertThat(m.path("id").asText()).isNotEmpty();
        assertThat(m.path("seq").isIntegralNumber()).isTrue();
        assertThat(m.path("seq").asLong()).isEqualTo(1);
        assertThat(m.path("from").asLong()).isEqualTo(alice.id());
        assertThat(m.path("to").asLong()).isEqualTo(bob.id());
        assertThat(m.path("text").asText()).isEqualTo("Hello, Bob");
        assertThat(m.path("sentAt").isIntegralNumber()).isTrue();
        assertThat(m.path("sentAt").asLong()).isBetween(before - 1000, after + 1000);
        assertThat(m.path("clientId").asText()).isEqualTo("first-1");
    }

    @Test
    void client_id_is_null_when_not_given() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m = api.send(alice, bob.id(), "no id");
        assertThat(m.has("clientId")).isTrue();
        assertThat(m.path("clientId").isNull()).isTrue();
    }

    @Test
    void seq_counts_the_pairs_messages_1_2_3_whoever_sends() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        assertThat(api.send(a, b.id(), "1").path("seq").asLong()).isEqualTo(1);
        assertThat(api.send(b, a.id(), "2").path("seq").asLong()).isEqualTo(2);
        assertThat(api.send(b, a.id(), "3").path("seq").asLong()).isEqualTo(3);
        assertThat(api.send(a, b.id(), "4").path("seq").asLong()).isEqualTo(4);
        assertThat(seqs(api.history(a, b.id()).path("messages"))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void each_pair_has_its_own_seq() {
        Session a = api.newUser(), b = api.newUser(), c = api.newUser();
        api.makeContacts(a, b);
        api.makeContacts(a, c);
        api.makeContacts(b, c);
        api.send(a, b.id(), "ab1");
        api.send(a, b.id(), "ab2");
        assertThat(api.send(a, c.id(), "ac1").path("seq").asLong()).isEqualTo(1);
        assertThat(api.send(c, b.id(), "cb1").path("seq").asLong()).isEqualTo(1);
        assertThat(api.send(b, a.id(), "ab3").path("seq").asLong()).isEqualTo(3);
    }

    @Test
    void message_ids_are_distinct() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m1 = api.send(alice, bob.id(), "x");
        JsonNode m2 = api.send(bob, alice.id(), "x");
        assertThat(m1.path("id").asText()).isNotEqualTo(m2.path("id").asText());
    }

    // ------------------------------------------------------------------ clientId

    @Test
    void a_repeated_client_id_returns_200_with_the_first_message_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob);
        Response first = api.sendRaw(alice, bob.id(), "once", "resend-1");
        assertThat(first.status()).isEqualTo(201);
        Response again = api.sendRaw(alice, bob.id(), "once", "resend-1");
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("message")).isEqualTo(first.json().path("message"));
        // even with a different text, the first message comes back
        Response changed = api.sendRaw(alice, bob.id(), "different text", "resend-1");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("message")).isEqualTo(first.json().path("message"));

        assertThat(api.history(bob, alice.id()).path("messages")).hasSize(1);
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(1);
        JsonNode next = api.send(alice, bob.id(), "next");
        assertThat(next.path("seq").asLong()).isEqualTo(2);
        // the recipient saw exactly two message events, no duplicate
        b1.await("message", j -> j.path("message").path("seq").asLong() == 2);
        assertThat(seqs(b1.frames("message").stream().map(j -> j.path("message")).toList())).containsExactly(1L, 2L);
    }

    @Test
    void a_client_id_reused_by_the_same_sender_to_another_peer_returns_the_first_message() {
        Session a = api.newUser(), b = api.newUser(), c = api.newUser();
        api.makeContacts(a, b);
        api.makeContacts(a, c);
        JsonNode first = api.send(a, b.id(), "to b", "shared-id");
        Response toC = api.sendRaw(a, c.id(), "to c", "shared-id");
        assertThat(toC.status()).as("%s", toC).isEqualTo(200);
        assertThat(toC.json().path("message")).isEqualTo(first);
        assertThat(toC.json().path("message").path("to").asLong()).isEqualTo(b.id());
        assertError(api.historyRaw(a, c.id(), ""), 404, "no_chat");
        assertThat(api.chats(c)).isEmpty();
    }

    @Test
    void concurrent_sends_with_one_client_id_store_one_message() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        List<Response> responses = concurrently(16, i -> api.sendRaw(alice, bob.id(), "exactly once", "racing-id"));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 201));
        assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(responses.stream().map(r -> r.json().path("message")).distinct().count()).isEqualTo(1);
        assertThat(api.fullHistory(bob, alice.id())).hasSize(1);
    }

    @Test
    void a_client_id_of_a_refused_send_is_still_free() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.sendRaw(alice, bob.id(), "   ", "retry-me"), 400, "empty_message");
        Response r = api.sendRaw(alice, bob.id(), "now with text", "retry-me");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("message").path("text").asText()).isEqualTo("now with text");
    }

    @Test
    void concurrent_http_sends_from_both_sides_get_seq_without_gaps() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        List<JsonNode> sent = concurrently(60, i -> api.send((i % 2 == 0 ? alice : bob), (i % 2 == 0 ? bob : alice).id(), "c" + i));
        java.util.Set<Long> seqs = new java.util.TreeSet<>();
        for (JsonNode m : sent) seqs.add(m.path("seq").asLong());
        assertThat(seqs).containsExactlyElementsOf(range(1, 60));
        assertThat(seqs(api.fullHistory(alice, bob.id()))).isEqualTo(range(1, 60));
    }

    @Test
    void different_senders_may_use_the_same_client_id() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m1 = api.send(alice, bob.id(), "from a", "same-id");
        Response r = api.sendRaw(bob, alice.id(), "from b", "same-id");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("message").path("id").asText()).isNotEqualTo(m1.path("id").asText());
        assertThat(r.json().path("message").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void client_ids_of_1_and_64_allowed_characters_are_accepted() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "one", "x");
        String id64 = ("ABCxyz_-0123456789" + "a".repeat(64)).substring(0, 64);
        assertThat(api.send(alice, bob.id(), "sixty-four", id64).path("clientId").asText()).isEqualTo(id64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dot.dot", "slash/", "ünï", "65-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void an_invalid_client_id_gets_400_bad_request_and_stores_nothing(String clientId) {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.sendRaw(alice, bob.id(), "hi", clientId), 400, "bad_request");
        assertThat(api.chats(bob)).isEmpty();
    }

    // ------------------------------------------------------------------ text

    @Test
    void text_of_4000_code_points_is_accepted_and_4001_gets_message_too_long() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertThat(api.send(alice, bob.id(), "a".repeat(4000)).path("text").asText()).hasSize(4000);
        assertError(api.sendRaw(alice, bob.id(), "a".repeat(4001), null), 400, "message_too_long");
        assertThat(api.history(bob, alice.id()).path("messages")).hasSize(1);
    }

    @Test
    void an_emoji_counts_as_one_code_point() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String text = EMOJI.repeat(4000); // 8000 UTF-16 chars, 16000 UTF-8 bytes
        assertThat(api.send(alice, bob.id(), text).path("text").asText()).isEqualTo(text);
        assertError(api.sendRaw(alice, bob.id(), EMOJI.repeat(4001), null), 400, "message_too_long");
        assertError(api.sendRaw(alice, bob.id(), "a" + EMOJI.repeat(4000), null), 400, "message_too_long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", " \r\n\t ", "\u3000", "\u2003 \u2003"})
    void empty_or_white_space_only_text_gets_400_empty_message(String text) {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.sendRaw(alice, bob.id(), text, null), 400, "empty_message");
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void text_is_stored_and_returned_exactly_as_sent() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        List<String> texts = List.of("  leading and trailing spaces  ", "\nnew\r\nlines\n", "\ttabs\t",
                "e\u0301 combining", "\uD83D\uDC4D\uD83C\uDFFD skin tone", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family",
                "<script>alert('x')</script> &amp; \"quotes\" \\ backslash", "\u202Eright-to-left override",
                "中文 العربية עברית", "\uFEFFbom");
        for (String t : texts) {
            JsonNode m = api.send(alice, bob.id(), t);
            assertThat(m.path("text").asText()).isEqualTo(t);
        }
        List<JsonNode> hist = api.fullHistory(bob, alice.id());
        assertThat(hist.stream().map(m -> m.path("text").asText()).toList()).isEqualTo(texts);
    }

    @Test
    void text_with_a_nul_character_is_returned_exactly_as_sent() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String t = "before\u0000after";
        assertThat(api.send(alice, bob.id(), t).path("text").asText()).isEqualTo(t);
        assertThat(api.history(bob, alice.id()).path("messages").get(0).path("text").asText()).isEqualTo(t);
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void sending_to_a_non_contact_gets_403_not_contact_and_stores_nothing() {
        Session a = api.newUser(), stranger = api.newUser();
        assertError(api.sendRaw(a, stranger.id(), "hi", null), 403, "not_contact");
        api.requestContact(a, stranger.id()).expect(202);
        assertError(api.sendRaw(a, stranger.id(), "hi", null), 403, "not_contact");
        assertThat(api.chats(a)).isEmpty();
        assertThat(api.chats(stranger)).isEmpty();
    }

    @Test
    void sending_to_oneself_gets_400_bad_request() {
        Session a = api.newUser();
        assertError(api.sendRaw(a, a.id(), "hi me", null), 400, "bad_request");
        assertThat(api.chats(a)).isEmpty();
    }

    @Test
    void sending_to_an_unknown_user_gets_404_no_such_user() {
        assertError(api.sendRaw(api.newUser(), 9_000_000_003L, "hi", null), 404, "no_such_user");
    }

    @Test
    void a_body_without_text_or_with_a_wrong_type_gets_400_bad_request_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String path = "/api/chats/" + bob.id() + "/messages";
        assertError(api.post(path).as(alice).json(Map.of()).send(), 400, "bad_request");
        assertError(api.post(path).as(alice).json(Map.of("clientId", "abc")).send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": 42}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": true}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": null}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": [\"hi\"]}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": {\"t\": \"hi\"}}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": \"hi\", \"clientId\": 7}").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("{\"text\": \"hi\"").send(), 400, "bad_request");
        assertError(api.post(path).as(alice).body("").send(), 400, "bad_request");
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
        assertThat(api.send(alice, bob.id(), "now ok").path("seq").asLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ chat boxes and events

    @Test
    void sending_creates_both_chat_boxes() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "hi");
        assertThat(api.chatWith(alice, bob.id())).isNotNull();
        JsonNode theirs = api.chatWith(bob, alice.id());
        assertThat(theirs).isNotNull();
        assertThat(theirs.path("unread").asInt()).isEqualTo(1);
    }

    @Test
    void a_message_sent_over_http_reaches_every_connection_of_both_users() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), a2 = ws(alice), b1 = ws(bob), b2 = ws(bob);
        JsonNode m = api.send(alice, bob.id(), "over http", "http-1");
        for (WsClient c : List.of(a1, a2, b1, b2)) {
            assertThat(c.await("message").path("message")).isEqualTo(m);
        }
    }

    @Test
    void the_recipient_gets_a_chat_event_before_the_message_that_created_the_box() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient b1 = ws(bob), a1 = ws(alice);
        api.send(alice, bob.id(), "creates");
        for (WsClient c : List.of(b1, a1)) {
            c.await("message");
            List<WsClient.Frame> frames = c.frames();
            int chatAt = -1, msgAt = -1;
            for (WsClient.Frame f : frames) {
                if ("chat".equals(f.type()) && chatAt < 0) chatAt = f.index();
                if ("message".equals(f.type()) && msgAt < 0) msgAt = f.index();
            }
            assertThat(chatAt).as("a chat event came: %s", frames).isNotNegative();
            assertThat(chatAt).as("chat before message: %s", frames).isLessThan(msgAt);
        }
        JsonNode chat = b1.find("chat", j -> true).orElseThrow().path("chat");
        assertUser(chat.path("peer"), alice);
    }

    @Test
    void a_plain_new_message_sends_no_chat_event() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "creates the boxes");
        WsClient b1 = ws(bob), a1 = ws(alice);
        api.send(alice, bob.id(), "plain");
        api.send(bob, alice.id(), "plain reply");
        b1.awaitAll("message", j -> true, 2, WsClient.DEFAULT_TIMEOUT);
        a1.awaitAll("message", j -> true, 2, WsClient.DEFAULT_TIMEOUT);
        assertThat(b1.frames("chat")).isEmpty();
        assertThat(a1.frames("chat")).isEmpty();
    }
}
