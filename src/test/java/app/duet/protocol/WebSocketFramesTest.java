package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static app.duet.testing.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §5: hello, send/ack/message, ping/pong, error frames, frame size and binary frames. */
class WebSocketFramesTest extends ProtocolTestBase {

    private static ObjectNode sendFrame(long to, String text, String clientId) {
        ObjectNode f = JSON.createObjectNode().put("type", "send").put("to", to).put("text", text);
        if (clientId != null) f.put("clientId", clientId);
        return f;
    }

    /** The connection still works: it answers a ping. */
    private static void assertStillOpen(WsClient c) {
        c.barrier();
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void hello_is_the_first_frame_with_the_user_and_server_time() {
        Session s = api.newUser("Hello There");
        long before = System.currentTimeMillis();
        WsClient c = track(connector().as(s).open());
        JsonNode hello = c.await("hello");
        assertThat(c.frames().get(0).type()).isEqualTo("hello");
        assertUser(hello.path("user"), s);
        assertThat(hello.path("serverTime").isIntegralNumber()).isTrue();
        assertThat(hello.path("serverTime").asLong()).isBetween(before - 60_000, before + 60_000);
    }

    @Test
    void send_is_acked_to_the_sending_connection_and_delivered_as_message_everywhere_else() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), a2 = ws(alice), b1 = ws(bob), b2 = ws(bob);
        a1.sendJson(sendFrame(bob.id(), "over the socket", "ws-1"));
        JsonNode ack = a1.await("ack");
        assertThat(ack.path("clientId").asText()).isEqualTo("ws-1");
        JsonNode m = ack.path("message");
        assertThat(m.path("seq").asLong()).isEqualTo(1);
        assertThat(m.path("from").asLong()).isEqualTo(alice.id());
        assertThat(m.path("to").asLong()).isEqualTo(bob.id());
        assertThat(m.path("text").asText()).isEqualTo("over the socket");
        assertThat(m.path("clientId").asText()).isEqualTo("ws-1");
        for (WsClient c : List.of(a2, b1, b2)) {
            assertThat(c.await("message").path("message")).isEqualTo(m);
        }
        a1.barrier();
        assertThat(a1.frames("message")).as("the sending connection gets ack, not message").isEmpty();
        for (WsClient c : List.of(a2, b1, b2)) assertThat(c.frames("ack")).isEmpty();
        assertThat(api.history(bob, alice.id()).path("messages").get(0)).isEqualTo(m);
    }

    @Test
    void send_without_client_id_is_acked_too() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        a1.sendJson(sendFrame(bob.id(), "no id", null));
        JsonNode ack = a1.await("ack");
        assertThat(ack.path("message").path("text").asText()).isEqualTo("no id");
        assertThat(ack.path("message").path("clientId").isNull()).isTrue();
    }

    @Test
    void a_repeated_client_id_over_websocket_acks_the_first_message_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), b1 = ws(bob);
        a1.sendJson(sendFrame(bob.id(), "once", "dup-1"));
        JsonNode first = a1.await("ack").path("message");
        a1.sendJson(sendFrame(bob.id(), "once", "dup-1"));
        JsonNode second = a1.await("ack");
        assertThat(second.path("clientId").asText()).isEqualTo("dup-1");
        assertThat(second.path("message")).isEqualTo(first);
        assertThat(api.history(alice, bob.id()).path("messages")).hasSize(1);
        b1.await("message");
        b1.barrier();
        assertThat(b1.frames("message")).hasSize(1);
    }

    @Test
    void a_client_id_first_used_over_http_is_acked_with_that_message_over_websocket() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode first = api.send(alice, bob.id(), "over http", "cross-1");
        WsClient a1 = ws(alice);
        a1.sendJson(sendFrame(bob.id(), "over ws", "cross-1"));
        JsonNode ack = a1.await("ack");
        assertThat(ack.path("message")).isEqualTo(first);
        assertThat(api.fullHistory(bob, alice.id())).hasSize(1);
    }

    @Test
    void a_message_sent_over_http_is_acked_over_http_and_reaches_the_senders_sockets_as_message() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        JsonNode m = api.send(alice, bob.id(), "from http");
        assertThat(a1.await("message").path("message")).isEqualTo(m);
        assertThat(a1.frames("ack")).isEmpty();
    }

    @Test
    void the_first_message_creates_the_boxes_and_announces_them_before_the_message() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice), a2 = ws(alice), b1 = ws(bob);
        a1.sendJson(sendFrame(bob.id(), "first", "first-box"));
        a1.await("ack");
        a1.await("chat"); // the sender's own box was created too
        for (WsClient c : List.of(a2, b1)) {
            c.await("message");
            List<String> types = c.frames().stream().map(WsClient.Frame::type).toList();
            assertThat(types.indexOf("chat")).as("%s", types).isNotNegative().isLessThan(types.indexOf("message"));
        }
    }

    @Test
    void ping_gets_pong_with_the_same_ref() {
        WsClient c = ws(api.newUser());
        c.sendJson(JSON.createObjectNode().put("type", "ping").put("ref", "abc-123"));
        assertThat(c.await("pong").path("ref").asText()).isEqualTo("abc-123");
        c.sendJson(JSON.createObjectNode().put("type", "ping").put("ref", 42));
        assertThat(c.await("pong").path("ref").asInt()).isEqualTo(42);
    }

    @Test
    void ping_without_ref_gets_a_pong() {
        WsClient c = ws(api.newUser());
        c.sendJson(JSON.createObjectNode().put("type", "ping"));
        JsonNode pong = c.await("pong");
        assertThat(pong.path("ref").isMissingNode() || pong.path("ref").isNull()).as("%s", pong).isTrue();
    }

    // ------------------------------------------------------------------ error frames

    private JsonNode awaitError(WsClient c, String code) {
        JsonNode e = c.await("error");
        assertThat(e.path("code").asText()).as("%s", e).isEqualTo(code);
        assertThat(e.path("message").isTextual()).as("%s", e).isTrue();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"type\": \"send\"", "[1, 2, 3]", "\"just a string\"", "42", "null", "{}",
            "{\"text\": \"no type\"}"})
    void a_frame_that_is_not_a_json_object_with_a_type_gets_bad_request_and_the_connection_stays_open(String raw) {
        WsClient c = ws(api.newUser());
        c.sendText(raw);
        awaitError(c, "bad_request");
        assertStillOpen(c);
    }

    @Test
    void a_type_that_is_not_a_string_gets_an_error_and_the_connection_stays_open() {
        WsClient c = ws(api.newUser());
        c.sendText("{\"type\": 7}");
        assertThat(c.await("error").path("code").asText()).isIn("bad_request", "unknown_type");
        assertStillOpen(c);
    }

    @Test
    void an_unknown_type_gets_unknown_type_and_the_connection_stays_open() {
        WsClient c = ws(api.newUser());
        c.sendJson(JSON.createObjectNode().put("type", "teleport"));
        awaitError(c, "unknown_type");
        assertStillOpen(c);
    }

    @Test
    void a_send_lacking_a_field_or_with_a_wrong_type_gets_bad_request_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        List<String> frames = List.of(
                "{\"type\": \"send\", \"text\": \"no to\", \"clientId\": \"e1\"}",
                "{\"type\": \"send\", \"to\": " + bob.id() + ", \"clientId\": \"e2\"}",
                "{\"type\": \"send\", \"to\": \"" + bob.id() + "\", \"text\": \"to as string\", \"clientId\": \"e3\"}",
                "{\"type\": \"send\", \"to\": " + bob.id() + ", \"text\": 12, \"clientId\": \"e4\"}",
                "{\"type\": \"send\", \"to\": " + bob.id() + ", \"text\": \"bad id\", \"clientId\": \"has space\"}");
        for (String f : frames) {
            a1.sendText(f);
            awaitError(a1, "bad_request");
        }
        assertStillOpen(a1);
        assertThat(a1.frames("ack")).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void read_and_typing_frames_lacking_a_field_or_with_a_wrong_type_get_bad_request() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "so there is a chat box");
        WsClient b1 = ws(bob);
        List<String> frames = List.of(
                "{\"type\": \"read\", \"upTo\": 1}",
                "{\"type\": \"read\", \"peer\": " + alice.id() + "}",
                "{\"type\": \"read\", \"peer\": " + alice.id() + ", \"upTo\": \"1\"}",
                "{\"type\": \"read\", \"peer\": \"" + alice.id() + "\", \"upTo\": 1}",
                "{\"type\": \"typing\"}",
                "{\"type\": \"typing\", \"to\": \"" + alice.id() + "\"}",
                "{\"type\": \"send\", \"to\": " + alice.id() + ", \"text\": \"x\", \"clientId\": 5}");
        for (String f : frames) {
            b1.sendText(f);
            JsonNode e = b1.await("error");
            assertThat(e.path("code").asText()).as("answer to %s", f).isEqualTo("bad_request");
        }
        assertStillOpen(b1);
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(1);
        assertThat(api.fullHistory(bob, alice.id())).hasSize(1);
    }

    @Test
    void a_send_to_an_ex_contact_gets_not_contact() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "before");
        api.removeContact(bob, alice.id()).expect(204);
        WsClient a1 = ws(alice);
        a1.sendJson(sendFrame(bob.id(), "after", "ex-1"));
        JsonNode e = a1.await("error");
        assertThat(e.path("code").asText()).isEqualTo("not_contact");
        assertThat(e.path("ref").asText()).isEqualTo("ex-1");
    }

    @Test
    void the_error_for_a_refused_send_carries_the_client_id_as_ref() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session stranger = api.newUser();
        WsClient a1 = ws(alice);
        a1.sendJson(sendFrame(stranger.id(), "hi", "ref-not-contact"));
        assertThat(awaitError(a1, "not_contact").path("ref").asText()).isEqualTo("ref-not-contact");
        a1.sendJson(sendFrame(bob.id(), "   ", "ref-empty"));
        assertThat(awaitError(a1, "empty_message").path("ref").asText()).isEqualTo("ref-empty");
        a1.sendJson(sendFrame(bob.id(), "x".repeat(4001), "ref-long"));
        assertThat(awaitError(a1, "message_too_long").path("ref").asText()).isEqualTo("ref-long");
        a1.sendJson(sendFrame(9_000_000_004L, "hi", "ref-nobody"));
        assertThat(awaitError(a1, "no_such_user").path("ref").asText()).isEqualTo("ref-nobody");
        a1.sendJson(sendFrame(alice.id(), "me", "ref-self"));
        assertThat(awaitError(a1, "bad_request").path("ref").asText()).isEqualTo("ref-self");
        assertStillOpen(a1);
        assertThat(a1.frames("ack")).isEmpty();
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(stranger)).isEmpty();
    }

    @Test
    void the_connection_keeps_working_after_errors() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        a1.sendText("garbage");
        awaitError(a1, "bad_request");
        a1.sendJson(JSON.createObjectNode().put("type", "nope"));
        awaitError(a1, "unknown_type");
        JsonNode m = a1.sendAndAwaitAck(bob.id(), "still here");
        assertThat(m.path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void a_frame_over_64_KiB_closes_the_connection_with_1009() {
        WsClient c = ws(api.newUser());
        String big = "{\"type\":\"ping\",\"ref\":\"" + "x".repeat(64 * 1024) + "\"}";
        c.sendText(big);
        WsClient.Closed closed = c.awaitClose(Duration.ofSeconds(5));
        assertThat(closed.code()).as("%s", closed).isEqualTo(1009);
    }

    @Test
    void a_send_frame_over_64_KiB_closes_with_1009_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        a1.sendJson(sendFrame(bob.id(), "y".repeat(70_000), "too-big"));
        assertThat(a1.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
        assertThat(api.chats(bob)).isEmpty();
    }

    private static String pingOfExactly(int bytes) {
        String head = "{\"type\":\"ping\",\"ref\":\"";
        String tail = "\"}";
        return head + "r".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @Test
    void a_frame_of_exactly_64_KiB_is_accepted_and_one_byte_more_closes_with_1009() {
        WsClient c = ws(api.newUser());
        String exact = pingOfExactly(64 * 1024);
        assertThat(exact.length()).isEqualTo(65536);
        c.sendText(exact);
        c.await("pong", j -> true, Duration.ofSeconds(5));
        assertStillOpen(c);
        c.sendText(pingOfExactly(64 * 1024 + 1));
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
    }

    @Test
    void the_64_KiB_frame_limit_counts_utf8_bytes_not_characters() {
        WsClient c = ws(api.newUser());
        // 33,000 characters, 66,000+ bytes
        c.sendJson(JSON.createObjectNode().put("type", "ping").put("ref", "\u00e9".repeat(33_000)));
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
    }

    @Test
    void a_frame_just_under_64_KiB_is_accepted() {
        WsClient c = ws(api.newUser());
        String ref = "r".repeat(60 * 1024);
        c.sendJson(JSON.createObjectNode().put("type", "ping").put("ref", ref));
        JsonNode answer = c.await("pong", j -> true, Duration.ofSeconds(5));
        assertThat(answer.path("ref").asText()).isEqualTo(ref);
        assertStillOpen(c);
    }

    @Test
    void a_binary_frame_closes_the_connection_with_1003() {
        WsClient c = ws(api.newUser());
        c.sendBinary(new byte[] {1, 2, 3});
        WsClient.Closed closed = c.awaitClose(Duration.ofSeconds(5));
        assertThat(closed.code()).as("%s", closed).isEqualTo(1003);
    }

    @Test
    void a_connection_receives_events_published_right_after_its_hello() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient a1 = ws(alice);
        int attempts = 40;
        int missed = 0;
        for (int i = 0; i < attempts && missed < 3; i++) {
            // as soon as b's new connection has its hello, a (already connected) sends to b
            // (a message, not typing: typing is forwarded at most once a second per pair)
            String cid = "after-hello-" + i;
            WsClient b1 = track(connector().as(bob).onFrame(f -> {
                if ("hello".equals(f.type())) {
                    Thread.ofVirtual().start(() -> a1.send(bob.id(), "right after hello", cid));
                }
            }).open());
            try {
                b1.await("message", j -> cid.equals(j.path("message").path("clientId").asText()), Duration.ofSeconds(1));
            } catch (AssertionError e) {
                missed++;
            }
            b1.abort();
        }
        assertThat(missed).as("events lost by connections that had received hello (stops at 3), of up to %d", attempts).isZero();
    }

    @Test
    void every_connection_of_a_user_receives_its_events() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        List<WsClient> bs = List.of(ws(bob), ws(bob), ws(bob), ws(bob));
        JsonNode m = api.send(alice, bob.id(), "to every tab");
        for (WsClient c : bs) assertThat(c.await("message").path("message")).isEqualTo(m);
    }

    @Test
    void events_reach_only_the_users_concerned() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session bystander = api.newUser();
        api.makeContacts(alice, bystander);
        WsClient watcher = ws(bystander);
        api.send(alice, bob.id(), "private");
        api.read(bob, alice.id(), 1).expect(204);
        api.deleteChat(bob, alice.id()).expect(204);
        watcher.barrier();
        assertThat(watcher.frames().stream().map(WsClient.Frame::type).toList())
                .doesNotContain("message", "read", "chat", "chat_deleted", "ack");
    }
}
