package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestClock;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extension, message edits: replies ({@code replyTo}), recall within 2 minutes, delete for me, and
 * the change cursor ({@code GET /api/chats/{peer}/changes}) that brings edits to a client that was
 * away. The server's clock is a {@link TestClock}: the recall window passes without sleeping.
 */
class MessageEditsTest extends ProtocolTestBase {
    private final TestClock clock = new TestClock();

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.clock(clock);
    }

    private Response sendReply(Session from, long to, String text, Object replyTo) {
        return api.post("/api/chats/" + to + "/messages").as(from).json(Map.of("text", text, "replyTo", replyTo)).send();
    }

    private Response recall(Session s, long peer, long seq) {
        return api.post("/api/chats/" + peer + "/messages/" + seq + "/recall").as(s).send();
    }

    private Response deleteForMe(Session s, long peer, long seq) {
        return api.delete("/api/chats/" + peer + "/messages/" + seq).as(s).send();
    }

    private JsonNode changes(Session s, long peer, long after) {
        return api.get("/api/chats/" + peer + "/changes?after=" + after).as(s).send().expect(200).json();
    }

    private JsonNode messageWithSeq(Session reader, long peer, long seq) {
        for (JsonNode m : api.history(reader, peer).path("messages")) if (m.path("seq").asLong() == seq) return m;
        return null;
    }

    @Test
    void a_reply_carries_a_bounded_quote_to_both_sides_live_and_in_history() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode original = api.send(alice, bob.id(), "a".repeat(120));
        WsClient b = ws(bob);

        JsonNode reply = sendReply(bob, alice.id(), "agreed", original.path("seq").asLong()).expect(201).json().path("message");
        assertThat(reply.path("replyTo").path("seq").asLong()).isEqualTo(original.path("seq").asLong());
        assertThat(reply.path("replyTo").path("from").asLong()).isEqualTo(alice.id());
        assertThat(reply.path("replyTo").path("text").asText()).isEqualTo("a".repeat(100));

        WsClient a = ws(alice);
        JsonNode viaWs = sendWs(a, Map.of("type", "send", "to", bob.id(), "text", "ok", "clientId", "r-1", "replyTo", reply.path("seq").asLong()));
        assertThat(viaWs.path("message").path("replyTo").path("text").asText()).isEqualTo("agreed");
        JsonNode live = b.await("message", f -> f.path("message").path("clientId").asText().equals("r-1")).path("message");
        assertThat(live.path("replyTo").path("text").asText()).isEqualTo("agreed");
        assertThat(messageWithSeq(bob, alice.id(), live.path("seq").asLong()).path("replyTo")).isEqualTo(live.path("replyTo"));
        // a plain message has no replyTo at all (a protocol 1.1 client sees nothing new)
        assertThat(original.has("replyTo")).isFalse();
    }

    private JsonNode sendWs(WsClient c, Map<String, Object> frame) {
        c.sendJson(frame);
        return c.await("ack", f -> f.path("clientId").asText().equals(frame.get("clientId")));
    }

    @Test
    void a_reply_to_a_message_not_in_the_senders_copy_is_refused_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode first = api.send(alice, bob.id(), "one");
        deleteForMe(bob, alice.id(), first.path("seq").asLong()).expect(204);

        assertError(sendReply(bob, alice.id(), "re", first.path("seq").asLong()), 400, "invalid_reply");
        assertError(sendReply(bob, alice.id(), "re", 999), 400, "invalid_reply");
        assertError(sendReply(bob, alice.id(), "re", 0), 400, "invalid_reply");
        assertError(sendReply(bob, alice.id(), "re", "one"), 400, "bad_request");
        WsClient b = ws(bob);
        b.sendJson(Map.of("type", "send", "to", alice.id(), "text", "re", "clientId", "bad-reply", "replyTo", 999));
        JsonNode error = b.await("error", f -> "bad-reply".equals(f.path("ref").asText()));
        assertThat(error.path("code").asText()).isEqualTo("invalid_reply");

        assertThat(seqs(api.history(alice, bob.id()).path("messages"))).containsExactly(1L);
        assertThat(api.send(alice, bob.id(), "two").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void a_reply_to_a_message_the_reader_deleted_says_it_is_missing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode first = api.send(alice, bob.id(), "one");
        deleteForMe(alice, bob.id(), first.path("seq").asLong()).expect(204);
        WsClient a = ws(alice);

        JsonNode reply = sendReply(bob, alice.id(), "re one", first.path("seq").asLong()).expect(201).json().path("message");
        assertThat(reply.path("replyTo").path("text").asText()).isEqualTo("one"); // bob still has it

        JsonNode live = a.await("message").path("message");
        assertThat(live.path("replyTo").path("missing").asBoolean()).isTrue();
        assertThat(live.path("replyTo").has("text")).isFalse();
        assertThat(messageWithSeq(alice, bob.id(), reply.path("seq").asLong()).path("replyTo").path("missing").asBoolean()).isTrue();
    }

    @Test
    void the_sender_recalls_within_two_minutes_and_both_sides_see_it_live() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m = api.send(alice, bob.id(), "wrong chat!");
        JsonNode quoting = sendReply(bob, alice.id(), "what?", m.path("seq").asLong()).expect(201).json().path("message");
        WsClient a = ws(alice), b = ws(bob);
        clock.advance(Duration.ofSeconds(119));

        JsonNode recalled = recall(alice, bob.id(), m.path("seq").asLong()).expect(200).json().path("message");
        assertThat(recalled.path("text").asText()).isEmpty();
        assertThat(recalled.path("recalledAt").asLong()).isEqualTo(clock.millis());
        for (WsClient c : List.of(a, b)) {
            JsonNode f = c.await("message_recalled");
            assertThat(f.path("message").path("seq").asLong()).isEqualTo(m.path("seq").asLong());
            assertThat(f.path("message").path("text").asText()).isEmpty();
            assertThat(f.path("change").asLong()).isEqualTo(1);
        }
        for (Session reader : List.of(alice, bob)) {
            long peer = reader == alice ? bob.id() : alice.id();
            assertThat(messageWithSeq(reader, peer, m.path("seq").asLong()).path("recalledAt").asLong()).isEqualTo(clock.millis());
            JsonNode q = messageWithSeq(reader, peer, quoting.path("seq").asLong()).path("replyTo");
            assertThat(q.path("recalled").asBoolean()).isTrue();
            assertThat(q.has("text")).isFalse();
        }
        // again: the same answer, no second event
        int mark = b.mark();
        recall(alice, bob.id(), m.path("seq").asLong()).expect(200);
        b.sendJson(Map.of("type", "ping"));
        b.await("pong");
        assertThat(b.since(mark).stream().filter(f -> "message_recalled".equals(f.type())).toList()).isEmpty();
    }

    @Test
    void a_recall_after_the_window_by_the_other_user_or_of_nothing_is_refused_and_changes_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m = api.send(alice, bob.id(), "kept");
        long seq = m.path("seq").asLong();

        assertError(recall(bob, alice.id(), seq), 403, "not_sender");
        assertError(recall(alice, bob.id(), 77), 404, "no_such_message");
        assertError(api.post("/api/chats/" + bob.id() + "/messages/x/recall").as(alice).send(), 400, "bad_request");
        assertError(recall(alice, api.newUser().id(), 1), 404, "no_chat");
        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertError(recall(alice, bob.id(), seq), 409, "recall_window_passed");

        assertThat(messageWithSeq(bob, alice.id(), seq).path("text").asText()).isEqualTo("kept");
        assertThat(changes(bob, alice.id(), 0).path("changes")).isEmpty();
    }

    @Test
    void a_recall_reaches_a_client_that_was_offline_through_the_change_cursor() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m = api.send(alice, bob.id(), "secret");
        // Bob's client loads the history (and its change cursor), then goes offline.
        JsonNode page = api.history(bob, alice.id());
        long cursor = page.path("changeCursor").asLong();
        assertThat(cursor).isZero();

        recall(alice, bob.id(), m.path("seq").asLong()).expect(200);

        // Back online: catch-up asks for the changes after its cursor.
        JsonNode caughtUp = changes(bob, alice.id(), cursor);
        assertThat(caughtUp.path("changes")).hasSize(1);
        JsonNode change = caughtUp.path("changes").get(0);
        assertThat(change.path("kind").asText()).isEqualTo("recalled");
        assertThat(change.path("seq").asLong()).isEqualTo(m.path("seq").asLong());
        assertThat(change.path("message").path("recalledAt").isIntegralNumber()).isTrue();
        assertThat(change.path("message").path("text").asText()).isEmpty();
        assertThat(caughtUp.path("hasMore").asBoolean()).isFalse();
        long next = caughtUp.path("changeCursor").asLong();
        assertThat(changes(bob, alice.id(), next).path("changes")).isEmpty();
        // the chat list's last message says it was recalled
        JsonNode chat = api.get("/api/chats").as(bob).send().expect(200).json().get(0);
        assertThat(chat.path("lastMessage").path("recalledAt").isIntegralNumber()).isTrue();
    }

    @Test
    void delete_for_me_reaches_the_owners_other_devices_live_and_after_being_offline_and_never_the_peer() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session aliceTablet = api.anotherDevice(alice);
        api.send(alice, bob.id(), "1");
        api.send(bob, alice.id(), "2");
        long tabletCursor = api.history(aliceTablet, bob.id()).path("changeCursor").asLong(); // then the tablet goes offline
        WsClient phone = ws(alice), b = ws(bob);
        int bobMark = b.mark();

        deleteForMe(alice, bob.id(), 2).expect(204);

        JsonNode live = phone.await("message_deleted");
        assertThat(live.path("peer").asLong()).isEqualTo(bob.id());
        assertThat(live.path("seq").asLong()).isEqualTo(2);
        assertThat(live.path("chat").path("lastMessage").path("seq").asLong()).isEqualTo(1);
        assertThat(live.path("chat").path("unread").asLong()).isZero();
        assertThat(seqs(api.history(alice, bob.id()).path("messages"))).containsExactly(1L);
        assertThat(seqs(api.history(bob, alice.id()).path("messages"))).containsExactly(1L, 2L);

        JsonNode caughtUp = changes(aliceTablet, bob.id(), tabletCursor);
        assertThat(caughtUp.path("changes")).hasSize(1);
        assertThat(caughtUp.path("changes").get(0).path("kind").asText()).isEqualTo("deleted");
        assertThat(caughtUp.path("changes").get(0).path("seq").asLong()).isEqualTo(2);
        assertThat(changes(bob, alice.id(), 0).path("changes")).isEmpty();

        b.sendJson(Map.of("type", "ping"));
        b.await("pong");
        assertThat(b.since(bobMark).stream().filter(f -> "message_deleted".equals(f.type())).toList()).isEmpty();

        deleteForMe(alice, bob.id(), 2).expect(204); // again: nothing more
        assertError(deleteForMe(alice, bob.id(), 9), 404, "no_such_message");
        assertError(api.get("/api/chats/" + bob.id() + "/changes").as(alice).send(), 400, "bad_request");
        assertError(api.get("/api/chats/" + bob.id() + "/changes?after=0&limit=0").as(alice).send(), 400, "bad_request");
    }

    @Test
    void deleting_an_unread_message_for_me_lowers_the_unread_badge() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(bob, alice.id(), "1");
        api.send(bob, alice.id(), "2");
        deleteForMe(alice, bob.id(), 2).expect(204);
        JsonNode chat = api.get("/api/chats").as(alice).send().expect(200).json().get(0);
        assertThat(chat.path("unread").asLong()).isEqualTo(1);
        assertThat(chat.path("lastMessage").path("seq").asLong()).isEqualTo(1);
    }
}
